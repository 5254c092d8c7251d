package trips.perf.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The platform as users run it, {@code java -Xmx.. -jar web/target/trips.jar}, in a process of its
 * own, with its memory watched: resident set from /proc, heap in use from jstat, both at their peak.
 */
final class PlatformProcess implements AutoCloseable {

    private final Process process;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private volatile long peakHeapKb;
    final int port;

    PlatformProcess(Path jar, String xmx, String dbUrl, Path inbox, int port, Path log) throws IOException {
        this.port = port;
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + xmx, "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString());
        pb.environment().put("TRIPS_DB_URL", dbUrl);
        pb.environment().put("TRIPS_INBOX", inbox.toString());
        pb.environment().put("TRIPS_HTTP_PORT", String.valueOf(port));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
        sampler.scheduleAtFixedRate(this::sampleHeap, 500, 500, TimeUnit.MILLISECONDS);
    }

    void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the platform exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IOException("the platform did not become healthy in " + timeout);
    }

    private void sampleHeap() {
        try {
            Process jstat = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jstat").toString(),
                    "-gc", String.valueOf(process.pid())).redirectErrorStream(true).start();
            List<String> lines = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            jstat.waitFor();
            if (lines.size() < 2) {
                return;
            }
            List<String> head = List.of(lines.get(0).trim().split("\\s+"));
            String[] v = lines.get(1).trim().split("\\s+");
            double used = 0;
            for (String col : List.of("S0U", "S1U", "EU", "OU")) {
                used += Double.parseDouble(v[head.indexOf(col)]);
            }
            peakHeapKb = Math.max(peakHeapKb, (long) used);
        } catch (IOException | RuntimeException e) {
            // the process may be gone; the last sample stands
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    long peakHeapMb() {
        return peakHeapKb / 1024;
    }

    long peakRssMb() {
        try {
            return Files.readAllLines(Path.of("/proc/" + process.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:"))
                    .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElse(0) / 1024;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        sampler.shutdownNow();
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
