package trips.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the inbox door puts a file once it ended: .done/, or .failed/ with the reason beside it,
 * under the path it had in the inbox.
 */
public final class InboxArchive {

    /** Exchange property: where the file consumer moves the file once the exchange is done. */
    public static final String TARGET = "tripsArchive";

    private static final Logger LOG = LoggerFactory.getLogger(InboxArchive.class);

    private final Path inbox;

    public InboxArchive(Path inbox) {
        this.inbox = inbox;
    }

    public void archive(Exchange exchange) throws IOException {
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String reason = exchange.getProperty(IngestionRoute.FAILED, String.class);
        Path file = Path.of(exchange.getIn().getHeader(IngestionRoute.FILE, String.class));
        if (Files.exists(file) && !FileIdentity.stillAt(file, exchange.getProperty(IngestionOpener.IDENTITY))) {
            // the file consumer moves by name: it would archive the newcomer, unread, as this one. Failing
            // the exchange makes it leave the file where it is, and a later poll takes it on its own
            String why = relative + " is another file now: it was renamed over the one ingested (ingestion "
                    + exchange.getProperty(RemoteArchiveName.INGESTION_ID) + ", " + (reason == null ? "COMPLETED"
                    : "FAILED") + "), and is left in the inbox to be taken on its own";
            LOG.warn(why);
            throw new IOException(why);
        }
        Path wanted = inbox.resolve(reason == null ? ".done" : ".failed").resolve(relative).normalize();
        Path target = free(wanted);
        if (!target.equals(wanted)) {
            LOG.info("{} archived as {}: {} holds an earlier file of that name", relative, inbox.relativize(target),
                    inbox.relativize(wanted));
        }
        if (reason != null) {
            Files.createDirectories(target.getParent());
            Files.writeString(errorFile(target), reason + System.lineSeparator());
        }
        exchange.setProperty(TARGET, target.toString());
    }

    /**
     * Partners reuse names (a daily trips.csv): the file archived earlier under a name keeps it, and
     * this one takes the first free trips.2.csv, trips.3.csv, ... rather than overwriting it.
     */
    public static Path free(Path target) {
        String name = target.getFileName().toString();
        int ext = name.toLowerCase(Locale.ROOT).lastIndexOf(".csv");
        String stem = ext < 0 ? name : name.substring(0, ext);
        String suffix = ext < 0 ? "" : name.substring(ext);
        Path candidate = target;
        for (int n = 2; Files.exists(candidate) || Files.exists(errorFile(candidate)); n++) {
            candidate = target.resolveSibling(stem + "." + n + suffix);
        }
        return candidate;
    }

    private static Path errorFile(Path archived) {
        return archived.resolveSibling(archived.getFileName() + ".error.txt");
    }
}
