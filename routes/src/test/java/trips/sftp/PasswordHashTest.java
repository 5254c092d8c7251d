package trips.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void should_accept_the_password_it_hashed_and_nothing_else() {
        String line = PasswordHash.hash("s3cret pass".toCharArray(), 1000);

        assertThat(line).matches("pbkdf2-sha256\\$1000\\$[A-Za-z0-9+/=]{24}\\$[A-Za-z0-9+/=]{44}");
        assertThat(PasswordHash.verify("s3cret pass".toCharArray(), line)).isTrue();
        assertThat(PasswordHash.verify("s3cret pasS".toCharArray(), line)).isFalse();
        assertThat(PasswordHash.verify("".toCharArray(), line)).isFalse();
    }

    @Test
    void should_salt_each_hash_so_equal_passwords_give_different_lines() {
        assertThat(PasswordHash.hash("same".toCharArray(), 1000)).isNotEqualTo(PasswordHash.hash("same".toCharArray(), 1000));
    }

    @Test
    void should_reject_lines_it_did_not_write() {
        assertThatThrownBy(() -> PasswordHash.verify("x".toCharArray(), "plain-text-password"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$many$c2FsdA==$aGFzaA=="))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.verify("x".toCharArray(), "pbkdf2-sha256$0$c2FsdA==$aGFzaA=="))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_print_a_verifiable_line_for_the_password_piped_to_hash_password() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                HashPasswordCommand.class.getName()).start();
        p.getOutputStream().write("piped password\n".getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();

        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        assertThat(out).startsWith("pbkdf2-sha256$" + PasswordHash.DEFAULT_ITERATIONS + "$");
        assertThat(PasswordHash.verify("piped password".toCharArray(), out)).isTrue();
    }
}
