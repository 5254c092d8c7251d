package trips.ingest;

import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;

/** A consumer's exception handler that says everything in one method, the exchange null when there is none. */
interface ExchangeExceptionHandler extends ExceptionHandler {

    @Override
    default void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    default void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    void handleException(String message, Exchange exchange, Throwable exception);
}
