package trips.sftp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import org.apache.sshd.sftp.server.SftpFileSystemAccessor;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Modes, owners, ACLs and times in the inbox are the platform's, not the partners'. Changes a
 * client asks for (setstat, fsetstat, lsetstat, and the mode sent with mkdir) are ignored rather
 * than refused: clients that keep times or modes by default (WinSCP, {@code put -p}) would
 * otherwise report every upload as failed. Times stay the ones the inbox route's change check sees.
 */
abstract class PlatformAttributes implements SftpFileSystemAccessor {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformAttributes.class);
    private static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwxr-x---");

    /**
     * Directories are the platform's: made rwxr-x--- whatever mode the client asks (OpenSSH's mkdir
     * asks 0777), which {@link #setFilePermissions} then ignores.
     */
    @Override
    public void createDirectory(SftpSubsystemProxy subsystem, Path path) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectory(path, PosixFilePermissions.asFileAttribute(DIRECTORY_MODE));
        } else {
            Files.createDirectory(path);
        }
    }

    @Override
    public void setFileAttribute(SftpSubsystemProxy subsystem, Path file, String view, String attribute, Object value,
                                 LinkOption... options) {
        ignored(subsystem, file, attribute);
    }

    @Override
    public void setFilePermissions(SftpSubsystemProxy subsystem, Path file, Set<PosixFilePermission> perms,
                                   LinkOption... options) {
        ignored(subsystem, file, "permissions");
    }

    @Override
    public void setFileOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options) {
        ignored(subsystem, file, "owner");
    }

    @Override
    public void setGroupOwner(SftpSubsystemProxy subsystem, Path file, Principal value, LinkOption... options) {
        ignored(subsystem, file, "group");
    }

    @Override
    public void setFileAccessControl(SftpSubsystemProxy subsystem, Path file, List<AclEntry> acl,
                                     LinkOption... options) {
        ignored(subsystem, file, "acl");
    }

    private static void ignored(SftpSubsystemProxy subsystem, Path file, String attribute) {
        LOG.debug("sftp: ignored a change of {} by {} on {}", attribute, subsystem.getServerSession().getUsername(),
                file);
    }
}
