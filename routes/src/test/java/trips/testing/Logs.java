package trips.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Arrays;
import java.util.List;
import org.slf4j.LoggerFactory;

/** What loggers said while a step ran: for the tests of what the platform tells its operators. */
public final class Logs {

    public interface Step {
        void run() throws Exception;
    }

    private Logs() {
    }

    /** The events at {@code least} and above that these loggers (none: the root) wrote while the step ran. */
    public static List<ILoggingEvent> during(Step step, Level least, Class<?>... classes) throws Exception {
        ListAppender<ILoggingEvent> said = new ListAppender<>();
        said.start();
        List<Logger> loggers = classes.length == 0
                ? List.of((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                : Arrays.stream(classes).map(c -> (Logger) LoggerFactory.getLogger(c)).toList();
        loggers.forEach(l -> l.addAppender(said));
        try {
            step.run();
        } finally {
            loggers.forEach(l -> l.detachAppender(said));
        }
        return said.list.stream().filter(e -> e.getLevel().isGreaterOrEqual(least)).toList();
    }
}
