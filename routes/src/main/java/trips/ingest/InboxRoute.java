package trips.ingest;

import org.apache.camel.builder.RouteBuilder;

/**
 * The inbox door: every .csv or .csv.gz that lands in the inbox (or a folder below it) and has
 * stopped changing goes through the ingestion route, then to .done, or to .failed with its reason.
 * Dot-folders (.done, .failed, partial uploads) are never scanned.
 */
public final class InboxRoute extends RouteBuilder {

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        // readLockTimeout: a file still growing is skipped until a later poll rather than holding up the others
        from("file:{{trips.inbox}}?recursive=true&include=(?i).*\\.csv(\\.gz)?"
                + "&readLock=changed&readLockMinAge={{trips.ingest.read-lock-min-age-ms}}"
                + "&readLockCheckInterval=250&readLockMinLength=0&readLockTimeout=2000"
                + "&move=${exchangeProperty." + InboxArchive.TARGET + "}&delay=250&sortBy=file:modified")
            .routeId("inbox")
            .setProperty(InboxArchive.TARGET, simple("{{trips.inbox.absolute}}/.done/${file:name}"))
            .setHeader(IngestionRoute.FILE, header("CamelFileAbsolutePath"))
            .setHeader(IngestionRoute.NAME, header("CamelFileNameOnly"))
            .to("direct:ingest")
            .filter(exchangeProperty(IngestionRoute.FAILED).isNotNull())
                .bean("inboxArchive", "failed")
            .end();
    }
}
