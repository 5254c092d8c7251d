package trips.ingest;

import org.apache.camel.builder.RouteBuilder;

/**
 * The inbox door: every .csv or .csv.gz that lands in the inbox (or a folder below it) and has
 * stopped changing goes through the ingestion route, then to .done, or to .failed with its reason.
 * Dot-folders (.done, .failed, partial uploads) are never scanned. With trips.cluster on, every node
 * watches the same inbox and {@link InboxLocks} decides which one reads each file.
 */
public final class InboxRoute extends RouteBuilder {

    @Override
    public void configure() {
        errorHandler(noErrorHandler());

        // several nodes on one inbox: the "changed" check plus a lock in PostgreSQL that one node wins
        String readLock = Boolean.parseBoolean(getContext().resolvePropertyPlaceholders("{{trips.cluster}}"))
                ? "idempotent-changed&idempotentRepository=#inboxLocks&readLockRemoveOnCommit=true"
                : "changed";
        // readLockTimeout: a file still growing is skipped until a later poll rather than holding up the others
        // (?s): a name may hold a line break, and "." would not match it
        from("file:{{trips.inbox}}?recursive=true&include=(?is).*\\.csv(\\.gz)?"
                + "&readLock=" + readLock + "&readLockMinAge={{trips.ingest.read-lock-min-age-ms}}"
                + "&readLockCheckInterval=250&readLockMinLength=0&readLockTimeout=2000"
                + "&move=${exchangeProperty." + InboxArchive.TARGET + "}&delay=250&sortBy=file:modified"
                + "&onCompletionExceptionHandler=#archiveMoveFailures&filter=#inboxNames")
            .routeId("inbox")
            .setHeader(IngestionRoute.FILE, header("CamelFileAbsolutePath"))
            .setHeader(IngestionRoute.NAME, header("CamelFileNameOnly"))
            .to("direct:ingest")
            .bean("inboxArchive", "archive");
    }
}
