package trips.ingest;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the inbox door says when it cannot archive a file (something in the way in .done): the move
 * is tried again at every poll, and Camel's own handler logged each try with a stack trace of some
 * fifty lines, every two or three seconds. One line says it all: which file, why, and that it stays.
 */
public final class ArchiveMoveFailures implements ExchangeExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveMoveFailures.class);

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String file = exchange == null ? null : exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String why = exception == null ? message : exception.getMessage();
        if (exception != null && exception.getCause() != null) {
            why += ": " + exception.getCause();
        }
        LOG.warn("{} could not be archived ({}): it stays in the inbox, and the move is tried again at the next poll",
                file == null ? "a file" : file, why);
    }
}
