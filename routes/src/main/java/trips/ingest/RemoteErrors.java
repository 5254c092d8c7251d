package trips.ingest;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one remote's consumer does with its errors: log them and count them in
 * {@code trips_remote_errors_total}. A poll that could not connect or list ("poll") is retried by
 * the consumer's back-off; a file whose ingestion or remote move failed ("file") stays on the
 * remote for the next poll, where its content hash makes a second ingestion a no-op, unless the
 * SFTP server says it is gone.
 */
final class RemoteErrors implements ExchangeExceptionHandler {

    static final String REMOTE_ERRORS = "trips.remote.errors";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteErrors.class);

    private final String remote;
    private final String address;
    private final Counter pollErrors;
    private final Counter fileErrors;

    RemoteErrors(String remote, String address) {
        this.remote = remote;
        this.address = address;
        this.pollErrors = counter(remote, "poll");
        this.fileErrors = counter(remote, "file");
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        if (exchange == null) {
            pollErrors.increment();
            LOG.warn("{} ({}): cannot poll, will retry with back-off: {}", remote, address, rootCause(exception));
        } else {
            fileErrors.increment();
            String name = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
            if (noSuchFile(exception)) {
                // "left on the remote" would be false: the file went while it was downloaded or ingested
                LOG.warn("{} ({}): {} is no longer on the remote (deleted or renamed there meanwhile), so it"
                        + " could not be moved, nor will it be fetched again under that name: {}", remote, address,
                        name, rootCause(exception));
            } else {
                LOG.warn("{} ({}): {} left on the remote for the next poll: {}", remote, address, name,
                        rootCause(exception));
            }
        }
    }

    /**
     * The SFTP server said the file is not there. Only SFTP says so distinctly: an FTP server answers
     * 550 for a missing file and for a refused one alike, so an FTP file keeps the message above.
     */
    private static boolean noSuchFile(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SftpException sftp && sftp.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return true;
            }
        }
        return false;
    }

    /** A file whose exchange failed (a passing fault in its ingestion): rolled back, left on the remote. */
    void fileFailed(Exchange exchange) {
        handleException(null, exchange, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
    }

    private static String rootCause(Throwable e) {
        if (e == null) {
            return "unknown cause";
        }
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? e.toString() : e.getMessage() + " (" + t + ")";
    }

    private static Counter counter(String remote, String stage) {
        return Counter.builder(REMOTE_ERRORS).tag("remote", remote).tag("stage", stage)
                .description("remote polls that could not connect or list (poll), and remote files that could not be"
                        + " downloaded, archived or removed (file)")
                .register(Metrics.globalRegistry);
    }
}
