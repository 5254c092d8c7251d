package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RemoteErrorsTest {

    @Test
    void should_not_say_a_file_deleted_on_the_remote_during_its_ingestion_was_left_there() throws Exception {
        List<String> lines = warnings(new GenericFileOperationFailedException(
                "Cannot rename file from: outbox/x.csv to: outbox/.done/x.7.csv",
                new SftpException(ChannelSftp.SSH_FX_NO_SUCH_FILE, "No such file")));

        assertThat(lines).singleElement().asString()
                .contains("x.csv is no longer on the remote (deleted or renamed there meanwhile)")
                .contains("Cannot rename file from: outbox/x.csv")
                .doesNotContain("left on the remote");
    }

    @Test
    void should_say_a_file_whose_move_failed_otherwise_stays_on_the_remote_for_the_next_poll() throws Exception {
        List<String> lines = warnings(new GenericFileOperationFailedException(
                "Cannot rename file from: outbox/x.csv to: outbox/.done/x.7.csv",
                new SftpException(ChannelSftp.SSH_FX_PERMISSION_DENIED, "Permission denied")));

        assertThat(lines).singleElement().asString().contains("x.csv left on the remote for the next poll");
    }

    private static List<String> warnings(Throwable failure) throws Exception {
        Logger logger = (Logger) LoggerFactory.getLogger(RemoteErrors.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getIn().setHeader(Exchange.FILE_NAME, "x.csv");
            new RemoteErrors("remote-1", "sftp://u@h/outbox").handleException("commit", exchange, failure);
        } finally {
            logger.detachAppender(appender);
        }
        return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
}
