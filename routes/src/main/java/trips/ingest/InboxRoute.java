package trips.ingest;

import org.apache.camel.builder.RouteBuilder;

/**
 * The inbox door and the ingestion flow of DESIGN section 3: every .csv or .csv.gz that lands in the
 * inbox (or a folder below it) and has stopped changing is opened, split into batches, enriched,
 * loaded batch by batch, then completed and moved to .done.
 */
public final class InboxRoute extends RouteBuilder {

    @Override
    public void configure() {
        // no redelivery: a failed batch is retried by resuming the whole file from the ledger
        errorHandler(noErrorHandler());

        from("file:{{trips.inbox}}?recursive=true&include=(?i).*\\.csv(\\.gz)?"
                + "&readLock=changed&readLockMinAge={{trips.ingest.read-lock-min-age-ms}}"
                + "&readLockCheckInterval=250&readLockMinLength=0&readLockTimeout=0"
                + "&move=${exchangeProperty." + IngestionSteps.ARCHIVE + "}&delay=250&sortBy=file:modified")
            .routeId("inbox")
            .setProperty(IngestionSteps.ARCHIVE, simple("{{trips.inbox.absolute}}/.done/${file:name}"))
            .doTry()
                .process("ingestionOpener")
                .filter(exchangeProperty(IngestionOpener.RUN).isNotNull())
                    // the file is read on this thread while earlier batches load on the pool: parsing
                    // and PostgreSQL each get a core; the pool's bounded queue caps batches in memory
                    .split(method("ingestionSteps", "batches")).streaming().stopOnException()
                        .parallelProcessing().executorService("batchLoaders")
                        .bean("tripEnricher", "enrich")
                        .bean("ingestionSteps", "load")
                    .end()
                    .bean("ingestionSteps", "complete")
                .endDoTry()
            .doCatch(Exception.class)
                .bean("ingestionSteps", "fail")
            .end();
    }
}
