package trips.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.Exchange;

/** Where the inbox door puts a file that ended FAILED: .failed/, with the reason beside it. */
public final class InboxArchive {

    /** Exchange property: where the file consumer moves the file once the exchange is done. */
    public static final String TARGET = "tripsArchive";

    private final Path inbox;

    public InboxArchive(Path inbox) {
        this.inbox = inbox;
    }

    public void failed(Exchange exchange) throws IOException {
        String relative = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        String reason = exchange.getProperty(IngestionRoute.FAILED, String.class);
        Path target = inbox.resolve(".failed").resolve(relative).normalize();
        Files.createDirectories(target.getParent());
        Files.writeString(target.resolveSibling(target.getFileName() + ".error.txt"), reason + System.lineSeparator());
        exchange.setProperty(TARGET, target.toString());
    }
}
