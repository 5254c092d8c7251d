package trips.sftp;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * {@code java -jar web/target/trips.jar hash-password}: reads one password (from the terminal
 * without echo, or the first line of standard input when piped) and prints the line to put in
 * {@code config/sftp-users/<user>.password}. The password never appears on a command line, where
 * other users of the machine could read it in the process list.
 */
public final class HashPasswordCommand {

    private HashPasswordCommand() {
    }

    public static void main(String[] args) throws IOException {
        char[] password = read();
        if (password == null || password.length == 0) {
            System.err.println("hash-password: no password given (type it, or pipe it on standard input)");
            System.exit(2);
            return;
        }
        try {
            System.out.println(PasswordHash.hash(password));
        } finally {
            PasswordHash.wipe(password);
        }
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("Password for the SFTP user: ");
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
