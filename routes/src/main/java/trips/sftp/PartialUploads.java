package trips.sftp;

import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.Handle;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.ingest.AbandonedUploads;
import trips.ingest.CompleteFiles;
import trips.ingest.InboxArchive;

/**
 * An upload is written under a hidden name beside its target ({@code .x.csv.<random>.sftp-part};
 * the inbox route never scans dot-files) and renamed to {@code x.csv} only when the client closes
 * its handle (SSH_FXP_CLOSE); to {@code x.2.csv}, {@code x.3.csv}, ... while an {@code x.csv} is
 * still in the inbox. A handle still open when the session ends (a dropped connection, the
 * server stopping) is abandoned: its partial file is deleted, never published half-written.
 *
 * <p>SSHD tells the two apart: {@link #closed} follows a client's close only, while handles left
 * open at the end of a session get {@link #exiting} first.
 */
final class PartialUploads implements SftpEventListener {

    static final String SUFFIX = ".sftp-part";
    /** What {@link #partialFor} adds to a target's name: a dot, then a dot, 16 hex digits and the suffix. */
    static final int ADDED = 1 + 1 + 16 + SUFFIX.length();
    private static final Logger LOG = LoggerFactory.getLogger(PartialUploads.class);
    private static final AttributeKey<Path> PARTIAL = new AttributeKey<>();
    /** Per session: the partial file of each target it has open for writing, for {@link #uploading}. */
    private static final AttributeKey<Map<Path, Path>> UPLOADING = new AttributeKey<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Object LANDING = new Object();
    /** Set on a handle once a write would have taken its upload past {@link #maxBytes}: it never lands. */
    private static final AttributeKey<Boolean> TOO_LARGE = new AttributeKey<>();

    private final long maxBytes;

    /** @param maxBytes the largest file an upload may make: trips.upload.max-bytes, as the HTTP door's */
    PartialUploads(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    static boolean isPartial(Path name) {
        return name != null && name.toString().endsWith(SUFFIX);
    }

    /**
     * Deletes the partial files a crash left in the partners' folders (a stopped server deletes its
     * own): untouched for {@link AbandonedUploads#IDLE}, since with several nodes on one inbox
     * another node may be receiving one right now. The inbox's dot-folders are not walked.
     */
    static int deleteAbandoned(Path inbox) throws IOException {
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        List<Path> partials = new ArrayList<>();
        try (Stream<Path> folders = Files.list(inbox)) {
            for (Path folder : folders.filter(f -> Files.isDirectory(f) && !f.getFileName().toString().startsWith("."))
                    .toList()) {
                try (Stream<Path> walk = Files.walk(folder)) {
                    walk.filter(f -> isPartial(f.getFileName()) && Files.isRegularFile(f)).forEach(partials::add);
                }
            }
        }
        return AbandonedUploads.deleteIdle(partials, AbandonedUploads.IDLE, inbox + " (SFTP)");
    }

    /**
     * Prepares the hidden file a write handle really writes to, honouring the open flags as if
     * the target itself were opened: create-new fails on an existing target, open-existing fails
     * on a missing one, and a write without truncate starts from the target's current content.
     *
     * @return the partial file and the options to open it with
     */
    Partial begin(ServerSession session, FileHandle handle, Path target, Set<? extends OpenOption> requested)
            throws IOException {
        boolean exists = Files.exists(target);
        if (requested.contains(StandardOpenOption.CREATE_NEW) && exists) {
            throw new FileAlreadyExistsException(target.toString());
        }
        if (!exists && !requested.contains(StandardOpenOption.CREATE)
                && !requested.contains(StandardOpenOption.CREATE_NEW)) {
            throw new NoSuchFileException(target.toString());
        }
        Path partial = partialFor(target);
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.WRITE);
        if (requested.contains(StandardOpenOption.READ)) {
            options.add(StandardOpenOption.READ);
        }
        if (exists && !requested.contains(StandardOpenOption.TRUNCATE_EXISTING)) {
            Files.copy(target, partial);
        } else {
            options.add(StandardOpenOption.CREATE_NEW);
        }
        handle.setAttribute(PARTIAL, partial);
        session.computeAttributeIfAbsent(UPLOADING, k -> new ConcurrentHashMap<>()).put(target, partial);
        return new Partial(partial, options);
    }

    /**
     * The partial file {@code session} is writing for {@code target} right now, or null. A size change
     * a client sends for the file it is uploading (lftp does, before it closes) is meant for this one.
     */
    static Path uploading(ServerSession session, Path target) {
        Map<Path, Path> open = session.getAttribute(UPLOADING);
        return open == null ? null : open.get(target);
    }

    private static Path forget(ServerSession session, Handle handle) {
        Path partial = handle.removeAttribute(PARTIAL);
        Map<Path, Path> open = session.getAttribute(UPLOADING);
        if (partial != null && open != null) {
            open.remove(handle.getFile(), partial);
        }
        return partial;
    }

    record Partial(Path path, Set<StandardOpenOption> options) {
    }

    /**
     * Refuses, before it happens, a write that would make the upload larger than trips.upload.max-bytes:
     * one write at a large offset makes a file that big (sparse on disk, not for the engine). SSHD
     * answers the client with this exception's status and message; the upload is discarded at close.
     */
    @Override
    public void writing(ServerSession session, String remoteHandle, FileHandle handle, long offset, byte[] data,
                        int dataOffset, int dataLen) throws IOException {
        Path partial = handle.getAttribute(PARTIAL);
        if (partial == null) {
            return;
        }
        long end = (handle.isOpenAppend() ? Files.size(partial) : offset) + dataLen;
        if (end <= maxBytes && handle.getAttribute(TOO_LARGE) == null) {
            return;
        }
        if (handle.setAttribute(TOO_LARGE, Boolean.TRUE) == null) {
            Metrics.counter(ConfinedAccessor.REFUSED_PATHS, "reason", "max-bytes").increment();
            LOG.warn("sftp: {} wrote past trips.upload.max-bytes ({} bytes) in {}: the upload is discarded",
                    session.getUsername(), maxBytes, handle.getFile());
        }
        throw new TooLarge("the upload is larger than trips.upload.max-bytes (" + maxBytes + " bytes): it is discarded");
    }

    /** A write past the limit; its message is the one message SSHD sends the client as it is (see {@link SftpDrop}). */
    static final class TooLarge extends SftpException {
        TooLarge(String message) {
            super(SftpConstants.SSH_FX_FAILURE, message);
        }
    }

    @Override
    public void closed(ServerSession session, String remoteHandle, Handle handle, Throwable thrown) throws IOException {
        Path partial = forget(session, handle);
        if (partial == null) {
            return;
        }
        if (thrown != null || handle.removeAttribute(TOO_LARGE) != null) {
            Files.deleteIfExists(partial);
            return;
        }
        Path target = handle.getFile();
        long size = Files.size(partial);
        Path landed = land(partial, target);
        if (landed.equals(target)) {
            LOG.info("sftp: {} uploaded {} ({} bytes)", session.getUsername(), target, size);
        } else {
            LOG.info("sftp: {} uploaded {} ({} bytes) as {}: the name is in use in the inbox", session.getUsername(),
                    target, size, landed.getFileName());
        }
    }

    /**
     * Renames a finished upload in under its name, or under the first free {@code name.2.csv},
     * {@code name.3.csv}, ... when a file of that name is still in the inbox: that file may be the one
     * the engine is reading, and replacing it would archive the new content as read without reading it.
     *
     * @return where the upload landed
     */
    static Path land(Path partial, Path target) throws IOException {
        // one upload at a time picks a name, so two closing together never pick the same one
        synchronized (LANDING) {
            Path free = InboxArchive.free(target);
            // a plain move refuses an existing target (an atomic one would replace it); beside its
            // target, the move is still one rename: the inbox sees no file or the whole file
            CompleteFiles.markComplete(partial);
            Files.move(partial, free);
            return free;
        }
    }

    @Override
    public void exiting(ServerSession session, Handle handle) throws IOException {
        Path partial = forget(session, handle);
        if (partial != null) {
            LOG.warn("sftp: {} left before closing {}: the partial upload is discarded", session.getUsername(),
                    handle.getFile());
            Files.deleteIfExists(partial);
        }
    }

    /** A fresh hidden name beside the target; unique, so two uploads of one name never share it. */
    static Path partialFor(Path target) {
        return target.resolveSibling("." + target.getFileName() + "." + HexFormat.of().formatHex(randomBytes()) + SUFFIX);
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
