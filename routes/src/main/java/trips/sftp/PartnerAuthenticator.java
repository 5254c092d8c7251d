package trips.sftp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Locale;
import java.util.Optional;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Checks a partner's password or key against the users folder; every refusal is logged and counted. */
final class PartnerAuthenticator implements PasswordAuthenticator, PublickeyAuthenticator {

    static final String LOGIN_FAILURES = "trips.sftp.login.failures";
    private static final Logger LOG = LoggerFactory.getLogger(PartnerAuthenticator.class);

    private final PartnerUsers users;
    /**
     * Checked when the user has no password, so that an unknown name costs as much time as a wrong
     * password: a stranger cannot find out by timing which partner names exist.
     */
    private final String decoy = PasswordHash.hash("decoy".toCharArray());

    PartnerAuthenticator(PartnerUsers users) {
        this.users = users;
        for (String method : new String[] {"password", "publickey"}) {
            Counter.builder(LOGIN_FAILURES).tag("method", method)
                    .description("SFTP logins refused, by method (an unknown partner, a wrong password or key)")
                    .register(Metrics.globalRegistry);
        }
    }

    @Override
    public boolean authenticate(String user, String password, ServerSession session) {
        boolean ok = passwordMatches(user, password);
        if (!ok) {
            refused("password", user, session);
        }
        return ok;
    }

    private boolean passwordMatches(String user, String password) {
        Optional<String> stored;
        try {
            stored = users.passwordHash(user);
        } catch (IOException e) {
            LOG.error("sftp: cannot read {}: {}", users.passwordFile(user), e.toString());
            stored = Optional.empty();
        }
        if (stored.isEmpty()) {
            PasswordHash.verify(password.toCharArray(), decoy);
            return false;
        }
        try {
            return PasswordHash.verify(password.toCharArray(), stored.get());
        } catch (IllegalArgumentException e) {
            LOG.error("sftp: {} is not a hash-password line ({}): password logins refused", users.passwordFile(user),
                    e.getMessage());
            return false;
        }
    }

    @Override
    public boolean authenticate(String user, PublicKey key, ServerSession session) {
        boolean ok = keyAuthorized(user, key, session);
        if (!ok) {
            refused("publickey", user, session);
        }
        return ok;
    }

    private boolean keyAuthorized(String user, PublicKey key, ServerSession session) {
        try {
            for (AuthorizedKeyEntry entry : users.authorizedKeys(user)) {
                PublicKey allowed = entry.resolvePublicKey(session, PublicKeyEntryResolver.IGNORING);
                if (allowed != null && KeyUtils.compareKeys(allowed, key)) {
                    return true;
                }
            }
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            LOG.error("sftp: cannot read {}: {}", users.keysFile(user), e.toString());
        }
        return false;
    }

    private static void refused(String method, String user, ServerSession session) {
        Metrics.counter(LOGIN_FAILURES, "method", method).increment();
        // the name is only echoed when it is a plausible one: a log line must not carry arbitrary client bytes
        if (PartnerUsers.isReserved(user)) {
            LOG.warn("sftp: {} login refused for '{}' from {}: the name is reserved, inbox/{}/ is the platform's own"
                    + " folder (rename the partner's files in the users folder)", method, user,
                    session.getClientAddress(), user.toLowerCase(Locale.ROOT));
            return;
        }
        LOG.warn("sftp: {} login refused for {} from {}", method,
                PartnerUsers.isValidName(user) ? "'" + user + "'" : "an invalid user name", session.getClientAddress());
    }
}
