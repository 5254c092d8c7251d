package trips.sftp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;

/**
 * The partners let in by SFTP: per user, {@code <user>.password} (a {@link PasswordHash} line)
 * and/or {@code <user>.authorized_keys} (OpenSSH format) in the users folder. The files are read
 * at each login, so adding, re-keying or removing a partner needs no restart.
 */
final class PartnerUsers {

    /**
     * A user name becomes a folder name under the inbox: no leading dot (dot-folders are the
     * engine's own, .done and .failed), no separators, nothing that could climb out.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    /**
     * Folders of the inbox the platform fills itself: a partner with such a name would be rooted in
     * one, and read and delete what lands there ({@code uploads/} holds every HTTP upload). Compared
     * without case, since the inbox may sit on a file system that ignores it.
     */
    private static final Set<String> RESERVED = Set.of("uploads");

    private final Path dir;

    PartnerUsers(Path dir) {
        this.dir = dir;
    }

    static boolean isValidName(String user) {
        return user != null && NAME.matcher(user).matches() && !isReserved(user);
    }

    static boolean isReserved(String user) {
        return user != null && RESERVED.contains(user.toLowerCase(Locale.ROOT));
    }

    Path dir() {
        return dir;
    }

    /** True for a user with a password or keys file. */
    boolean exists(String user) {
        return isValidName(user) && (Files.isRegularFile(passwordFile(user)) || Files.isRegularFile(keysFile(user)));
    }

    Optional<String> passwordHash(String user) throws IOException {
        if (!isValidName(user) || !Files.isRegularFile(passwordFile(user))) {
            return Optional.empty();
        }
        return Files.readAllLines(passwordFile(user), StandardCharsets.UTF_8).stream()
                .map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#")).findFirst();
    }

    List<AuthorizedKeyEntry> authorizedKeys(String user) throws IOException {
        if (!isValidName(user) || !Files.isRegularFile(keysFile(user))) {
            return List.of();
        }
        return AuthorizedKeyEntry.readAuthorizedKeys(keysFile(user));
    }

    Path passwordFile(String user) {
        return dir.resolve(user + ".password");
    }

    Path keysFile(String user) {
        return dir.resolve(user + ".authorized_keys");
    }
}
