package trips.web;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The app as operators run it: {@code trips.web.Main} in a JVM of its own, configured only through
 * the environment, on a port it picks (TRIPS_HTTP_PORT=0) and reports in its log.
 */
public final class ServerProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("listening on http://localhost:(\\d+)/");

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.log = dir.resolve("server.log");
        this.port = port;
    }

    public static ServerProcess start(String maxHeap, Map<String, String> env) throws Exception {
        Path dir = Files.createTempDirectory("trips-server");
        Path log = dir.resolve("server.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"), Main.class.getName())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // run in a folder of its own, where no config/application.properties is: the defaults and env alone
        pb.environment().remove("TRIPS_CONFIG");
        pb.environment().put("TRIPS_HTTP_PORT", "0");
        pb.environment().putAll(env);
        Process process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find() && Files.readString(log).contains("watching ")) {
                return new ServerProcess(process, dir, Integer.parseInt(m.group(1)));
            }
            if (!process.isAlive()) {
                String output = Files.readString(log);
                Folders.delete(dir);
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly().waitFor();
        String output = Files.readString(log);
        Folders.delete(dir);
        throw new IllegalStateException("the server did not start within 60 s:\n" + output);
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, as a crash or an out-of-memory killer ends it: no shutdown hook runs, nothing is released. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
        Http.forgetConnections();
    }

    /** SIGTERM, as an operator or a container runtime stops it, then waits for the clean exit. */
    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        Http.forgetConnections();
        // the log outlives the folder (whose inbox may hold a large upload), for a failure to be read later
        Files.copy(log, Path.of("target", dir.getFileName() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Folders.delete(dir);
    }
}
