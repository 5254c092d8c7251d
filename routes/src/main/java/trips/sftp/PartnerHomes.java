package trips.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.SessionContext;

/**
 * Each partner's file system is rooted at {@code inbox/<user>/}, created on first login. Homes are
 * resolved per session rather than registered up front, so a partner added to the users folder can
 * log in without a restart.
 */
final class PartnerHomes extends VirtualFileSystemFactory {

    private final Path inbox;

    PartnerHomes(Path inbox) {
        this.inbox = inbox;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
        String user = session.getUsername();
        // authentication already refuses such names; checked again because this becomes a path
        if (!PartnerUsers.isValidName(user)) {
            throw new InvalidPathException(String.valueOf(user), "not a partner name");
        }
        return Files.createDirectories(inbox.resolve(user));
    }
}
