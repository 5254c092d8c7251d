package trips.ingest;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How long a file name may be, in UTF-8 bytes, where file systems take 255. The inbox door writes
 * {@code <name>.camelLock} beside a file it takes and archives a failed one with
 * {@code <name>.error.txt} (and {@code .2}, {@code .3}, ... before its extension when the name is in
 * use): a longer name was never taken, and Camel logged a stack trace four times a second. The doors
 * that write into the inbox accept less, for what they add themselves: the SFTP drop a hidden
 * partial name 28 bytes longer, an upload a prefix of 9.
 */
public final class InboxNames implements GenericFileFilter<File> {

    /** The longest name the inbox door takes. */
    public static final int MAX_TAKEN_BYTES = 236;
    /** The longest name the SFTP drop and the HTTP upload accept. */
    public static final int MAX_DOOR_BYTES = 227;

    private static final Logger LOG = LoggerFactory.getLogger(InboxNames.class);

    /** Names warned of already: they come back at every poll until renamed. */
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public boolean accept(GenericFile<File> file) {
        if (file.isDirectory() || bytes(file.getFileNameOnly()) <= MAX_TAKEN_BYTES) {
            return true;
        }
        if (warned.add(file.getAbsoluteFilePath())) {
            LOG.warn("{} is not taken: its name is {} bytes in UTF-8, and the inbox takes names of at most {}; rename it",
                    file.getAbsoluteFilePath(), bytes(file.getFileNameOnly()), MAX_TAKEN_BYTES);
        }
        return false;
    }
}
