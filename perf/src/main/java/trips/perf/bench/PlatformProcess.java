package trips.perf.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The platform as users run it, {@code java -Xmx.. -jar web/target/trips.jar}, in a process of its
 * own, with its memory watched: resident set from /proc, heap in use from its /metrics, both at their peak.
 */
final class PlatformProcess implements AutoCloseable {

    private final Process process;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
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

    /**
     * The heap in use, from the platform's own /metrics (Micrometer's JVM memory pools, what jstat
     * shows as used). Starting jstat twice a second took a quarter of a core from the platform on
     * this 2-core machine; an HTTP request takes next to nothing.
     */
    private void sampleHeap() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            double used = r.body().lines()
                    .filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
            peakHeapKb = Math.max(peakHeapKb, (long) (used / 1024));
        } catch (IOException | RuntimeException e) {
            // not up yet, or gone; the last sample stands
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
