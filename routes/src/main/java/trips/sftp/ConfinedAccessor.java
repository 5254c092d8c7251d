package trips.sftp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.util.Collection;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.camel.component.file.FileComponent;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.sftp.server.DirectoryHandle;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpSubsystemProxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.ingest.InboxNames;

/**
 * Keeps a partner inside its folder and routes its writes through {@link PartialUploads}.
 *
 * <p>The rooted file system SSHD gives each user already maps {@code /} to {@code inbox/<user>/},
 * but it quietly clamps {@code /..} to {@code /} and follows symbolic links wherever they point.
 * So every path a client names passes here first (SSHD resolves open, opendir, stat, remove,
 * rename, mkdir, setstat and realpath through {@link #resolveLocalFilePath}): a path that climbs
 * above the root, crosses a symbolic link, names a dot file (partial uploads among them) or an
 * engine's lock, or holds a backslash is refused outright, and clients may not create links at all. Attribute changes
 * are left to {@link PlatformAttributes}.
 */
final class ConfinedAccessor extends PlatformAttributes {

    static final String REFUSED_PATHS = "trips.sftp.refused.paths";
    /**
     * The longest file name, in UTF-8 bytes, a partner may write: the doors' limit
     * ({@link InboxNames}), which leaves room for its partial file's name, {@link PartialUploads#ADDED}
     * bytes longer (255 in all). Longer ones failed with a bare "Failure".
     */
    static final int MAX_NAME_BYTES = Math.min(InboxNames.MAX_DOOR_BYTES, 255 - PartialUploads.ADDED);
    private static final Logger LOG = LoggerFactory.getLogger(ConfinedAccessor.class);
    private static final String LOCK_SUFFIX = FileComponent.DEFAULT_LOCK_FILE_POSTFIX;

    private final PartialUploads uploads;
    private final Predicate<Path> lockedByANode;

    /** @param lockedByANode in cluster mode, whether a node holds a file's lock (of the real path) */
    ConfinedAccessor(PartialUploads uploads, Predicate<Path> lockedByANode) {
        this.uploads = uploads;
        this.lockedByANode = lockedByANode;
        for (String reason : new String[] {"parent", "symlink", "link", "partial", "size", "taken", "dot", "backslash", "long", "max-bytes"}) {
            Counter.builder(REFUSED_PATHS).tag("reason", reason)
                    .description("SFTP requests refused, by reason (a path outside the partner's folder, a link, a"
                            + " name too long, an upload past trips.upload.max-bytes, ...)")
                    .register(Metrics.globalRegistry);
        }
    }

    @Override
    public Path resolveLocalFilePath(SftpSubsystemProxy subsystem, Path rootDir, String remotePath) throws IOException {
        if (climbsAboveRoot(remotePath)) {
            throw refuse(subsystem, remotePath, "parent");
        }
        if (remotePath.indexOf('\\') >= 0) {
            // the inbox cannot open such a name (Camel's file component reads it as a separator), so
            // the file would sit there unread and unreported, as a dot name would
            throw refuse(subsystem, remotePath, "backslash");
        }
        boolean dotName = namesDotFile(remotePath);
        Path path = super.resolveLocalFilePath(subsystem, rootDir, remotePath);
        if (PartialUploads.isPartial(path.getFileName())) {
            throw refuse(subsystem, remotePath, "partial");
        }
        if (isLock(path.getFileName())) {
            throw refuse(subsystem, remotePath, "taken");
        }
        if (dotName) {
            throw refuse(subsystem, remotePath, "dot");
        }
        if (crossesLink(path)) {
            throw refuse(subsystem, remotePath, "symlink");
        }
        return path;
    }

    /** The session's working directory is the root, so relative paths start there too. */
    static boolean climbsAboveRoot(String remotePath) {
        int depth = 0;
        for (String name : remotePath.split("/")) {
            if (name.equals("..")) {
                if (--depth < 0) {
                    return true;
                }
            } else if (!name.isEmpty() && !name.equals(".")) {
                depth++;
            }
        }
        return false;
    }

    /**
     * Dot names are the platform's (partial uploads, and the inbox route never scans them): a file
     * a partner put under one would sit there unread, with nothing said.
     */
    static boolean namesDotFile(String remotePath) {
        for (String name : remotePath.split("/")) {
            if (name.startsWith(".") && !name.equals(".") && !name.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** Walks the path from the root without following links; stops at the first name that does not exist yet. */
    private static boolean crossesLink(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        Path walked = absolute.getRoot();
        for (Path name : absolute) {
            walked = walked.resolve(name.toString());
            if (Files.isSymbolicLink(walked)) {
                return true;
            }
            if (!Files.exists(walked, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        return false;
    }

    @Override
    public SeekableByteChannel openFile(SftpSubsystemProxy subsystem, FileHandle fileHandle, Path file, String handle,
                                        Set<? extends OpenOption> options, FileAttribute<?>... attrs) throws IOException {
        if (!options.contains(StandardOpenOption.WRITE)) {
            return super.openFile(subsystem, fileHandle, file, handle, options, attrs);
        }
        if (fileHandle == null) {
            // no handle: SSHD truncating in place for a size attribute (setstat, fsetstat). On a file
            // this session is uploading (lftp sets the size before it closes) it goes to the partial
            // file the upload writes; any other file's content changes only through an upload, which
            // the engine sees whole
            Path partial = PartialUploads.uploading(subsystem.getServerSession(), file);
            if (partial == null) {
                throw refuse(subsystem, file.getFileName().toString(), "size");
            }
            return super.openFile(subsystem, null, partial, handle, options);
        }
        refuseLongName(subsystem, file);
        PartialUploads.Partial partial = uploads.begin(subsystem.getServerSession(), fileHandle, file, options);
        // the client's attributes (its local permissions) are dropped: the file is ours to ingest, and
        // SSHD would otherwise retry by setting them on the target, which does not exist yet
        return super.openFile(subsystem, fileHandle, partial.path(), handle, partial.options());
    }

    /** Listings leave out links, dot names (partial uploads among them) and the engine's locks: none is the partner's. */
    @Override
    public DirectoryStream<Path> openDirectory(SftpSubsystemProxy subsystem, DirectoryHandle dirHandle, Path dir,
                                               String handle, LinkOption... linkOptions) throws IOException {
        return Files.newDirectoryStream(dir, p -> !Files.isSymbolicLink(p)
                && !p.getFileName().toString().startsWith(".") && !isLock(p.getFileName()));
    }

    /**
     * A file the engine has taken stays until it is archived: deleted or renamed away under the
     * engine, its archive step fails and no copy is kept; one renamed over it would be archived unread.
     */
    @Override
    public void removeFile(SftpSubsystemProxy subsystem, Path path, boolean isDirectory) throws IOException {
        if (isTaken(path)) {
            throw refuse(subsystem, path.getFileName().toString(), "taken");
        }
        super.removeFile(subsystem, path, isDirectory);
    }

    @Override
    public void renameFile(SftpSubsystemProxy subsystem, Path oldPath, Path newPath, Collection<CopyOption> opts)
            throws IOException {
        for (Path path : new Path[] {oldPath, newPath}) {
            if (isTaken(path)) {
                throw refuse(subsystem, path.getFileName().toString(), "taken");
            }
        }
        if (!Files.isDirectory(oldPath, LinkOption.NOFOLLOW_LINKS)) {
            refuseLongName(subsystem, newPath);
        }
        super.renameFile(subsystem, oldPath, newPath, opts);
    }

    private static void refuseLongName(SftpSubsystemProxy subsystem, Path file) throws AccessDeniedException {
        String name = file.getFileName().toString();
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw refuse(subsystem, name, "long");
        }
    }

    /**
     * The inbox route keeps Camel's marker beside a file from the moment it takes it until it is
     * archived; in cluster mode (the idempotent-changed read lock) it writes none, and the file's row
     * in inbox_lock, keyed by its real path, is the sign instead. A folder holding such a file is
     * taken too: renamed, it takes the file from under the engine all the same.
     */
    private boolean isTaken(Path path) throws IOException {
        if (lockedByANode.test(realPath(path))) {
            return true;
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> below = Files.walk(path)) {
                return below.anyMatch(p -> isLock(p.getFileName()));
            }
        }
        return Files.exists(path.resolveSibling(path.getFileName() + LOCK_SUFFIX), LinkOption.NOFOLLOW_LINKS);
    }

    /** A path of the partner's rooted file system as the engine sees it: below the partner's folder. */
    private static Path realPath(Path path) {
        if (!(path.getFileSystem() instanceof RootedFileSystem rooted)) {
            return path.toAbsolutePath().normalize();
        }
        Path absolute = path.toAbsolutePath().normalize();
        Path real = rooted.getRoot();
        for (Path name : absolute) {
            real = real.resolve(name.toString());
        }
        return real;
    }

    private static boolean isLock(Path name) {
        return name != null && name.toString().endsWith(LOCK_SUFFIX);
    }

    /** The copy-file extension: copied aside, then renamed in, like an upload (a name in use gets the next free one). */
    @Override
    public void copyFile(SftpSubsystemProxy subsystem, Path src, Path dst, Collection<CopyOption> opts) throws IOException {
        refuseLongName(subsystem, dst);
        if (!opts.contains(StandardCopyOption.REPLACE_EXISTING) && Files.exists(dst, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(dst.toString());
        }
        Path partial = PartialUploads.partialFor(dst);
        try {
            Files.copy(src, partial);
            Path landed = PartialUploads.land(partial, dst);
            if (!landed.equals(dst)) {
                LOG.info("sftp: {} copied to {} as {}: the name is in use in the inbox",
                        subsystem.getServerSession().getUsername(), dst, landed.getFileName());
            }
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public void createLink(SftpSubsystemProxy subsystem, Path link, Path existing, boolean symLink) throws IOException {
        throw refuse(subsystem, link.toString(), "link");
    }

    private static AccessDeniedException refuse(SftpSubsystemProxy subsystem, String path, String reason) {
        Metrics.counter(REFUSED_PATHS, "reason", reason).increment();
        // the path is the client's bytes: control characters are masked so it cannot forge log lines
        LOG.warn("sftp: refused {} path for {}: {}", reason, subsystem.getServerSession().getUsername(),
                path.replaceAll("\\p{Cntrl}", "?"));
        return new AccessDeniedException(path, null, "not allowed");
    }
}
