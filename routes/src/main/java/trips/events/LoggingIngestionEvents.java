package trips.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes each event to the log: terminal events at INFO, progress at DEBUG. */
public final class LoggingIngestionEvents implements IngestionEvents {

    private static final Logger LOG = LoggerFactory.getLogger("trips.ingestions");

    @Override
    public void publish(IngestionEvent e) {
        if (e.type() == IngestionEvent.Type.PROGRESS) {
            LOG.debug("{} #{} {} rows={} loaded={} rejected={} bytes={}/{} {} rows/s", e.type(), e.id(), e.file(),
                    e.rowsRead(), e.rowsLoaded(), e.rowsRejected(), e.bytesRead(), e.bytesTotal(),
                    Math.round(e.rowsPerSecond()));
        } else {
            LOG.info("{} #{} {} ({}) rows={} loaded={} rejected={}{}", e.type(), e.id(), e.file(), e.source(),
                    e.rowsRead(), e.rowsLoaded(), e.rowsRejected(), e.error() == null ? "" : " error: " + e.error());
        }
    }
}
