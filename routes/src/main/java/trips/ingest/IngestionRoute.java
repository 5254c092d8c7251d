package trips.ingest;

import org.apache.camel.builder.RouteBuilder;

/**
 * The ingestion flow of DESIGN section 3, shared by every door: open (identify by content), split
 * into batches, enrich, load batch by batch, complete. A door sends a local file here with the
 * headers below; after the call, the exchange property {@link #FAILED} holds the reason if the file
 * ended FAILED. A passing fault (the database going away) comes back as an exception, so the door
 * leaves the file where it is to be resumed.
 */
public final class IngestionRoute extends RouteBuilder {

    /** Header: absolute path of the local file to ingest. */
    public static final String FILE = "TripsFile";
    /** Header: the file's name as users know it. */
    public static final String NAME = "TripsFileName";
    /** Header, optional: the door it came through (else derived from its place in the inbox). */
    public static final String SOURCE = "TripsSource";
    /**
     * Header, optional: when the file last changed where it came from (epoch millis), as a remote
     * server lists it; else its local change time. A completed file found again unchanged since its
     * ingestion started is that ingestion, left in place by a crash, not a duplicate.
     */
    public static final String CHANGED = "TripsFileChanged";
    /** Exchange property set when the file ended FAILED: the reason. */
    public static final String FAILED = "tripsFailed";

    @Override
    public void configure() {
        // no redelivery: a failed batch is retried by resuming the whole file from the ledger
        errorHandler(noErrorHandler());

        from("direct:ingest")
            .routeId("ingest")
            .doTry()
                .process("ingestionOpener")
                .filter(exchangeProperty(IngestionOpener.RUN).isNotNull())
                    // the file is read on this thread while the loader threads enrich and load its
                    // earlier batches; the hand-over waits while they are full (see BatchLoaders)
                    .split(method("ingestionSteps", "batches")).streaming().stopOnException()
                        .bean("batchLoaders", "handOver")
                    .end()
                    .bean("batchLoaders", "awaitLoaded")
                    // a completion takes minutes at 100M trips and waits for the one before it (the
                    // merge lock): on a thread of its own, not the loader that ran the last batch,
                    // so that the loaders stay free for the batches of the files behind it
                    .threads().executorService("fileCompleters")
                        .bean("ingestionSteps", "complete")
                    .end()
                .endDoTry()
            .doCatch(Exception.class)
                .bean("ingestionSteps", "fail")
            .end();
    }
}
