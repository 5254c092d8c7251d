package trips.perf.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The psql client, as a person would run it: the reference load goes through it. */
final class Psql {

    private final String host;
    private final int port;
    private final String user;

    Psql(String host, int port, String user) {
        this.host = host;
        this.port = port;
        this.user = user;
    }

    void admin(String sql) throws IOException, InterruptedException {
        run("postgres", List.of("-c", sql));
    }

    String run(String db, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host,
                "-p", String.valueOf(port), "-U", user, "-d", db));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("psql failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return out;
    }
}
