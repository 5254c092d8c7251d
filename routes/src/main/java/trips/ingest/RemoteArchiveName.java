package trips.ingest;

import java.util.Locale;
import org.apache.camel.Exchange;

/**
 * Where a remote file is moved on its server once its ingestion ended: .done/ or .failed/ beside it,
 * its name tagged with the ingestion's id ({@code trips.csv} of ingestion 42 becomes
 * {@code .done/trips.42.csv}). Partners often export under one fixed name every day, and the FTP
 * and SFTP consumers delete a move's target that exists already: without the id, each day's file
 * would replace the one archived the day before. The id also says which ingestion read it.
 */
public final class RemoteArchiveName {

    /** Exchange property: the id of the ingestion that took the file, whatever its outcome. */
    public static final String INGESTION_ID = "tripsIngestionId";

    private RemoteArchiveName() {
    }

    /** Sets {@link RemoteRoute#TARGET} for the file of this exchange, after the ingestion route. */
    public static void decide(Exchange exchange) {
        boolean failed = exchange.getProperty(IngestionRoute.FAILED) != null;
        String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        exchange.setProperty(RemoteRoute.TARGET, (failed ? ".failed/" : ".done/")
                + tagged(name, exchange.getProperty(INGESTION_ID, Long.class)));
    }

    /** The name with ".id" before its extension (.csv, .csv.gz or whatever follows its last dot). */
    static String tagged(String name, Long id) {
        if (id == null) {
            return name;
        }
        int slash = name.lastIndexOf('/');
        String lower = name.toLowerCase(Locale.ROOT);
        int ext = lower.endsWith(".csv.gz") ? name.length() - ".csv.gz".length() : name.lastIndexOf('.');
        if (ext <= slash + 1) {
            return name + "." + id;
        }
        return name.substring(0, ext) + "." + id + name.substring(ext);
    }
}
