package trips.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;

/** One answer of {@code GET /metrics}, read as Prometheus text: each sample line's value by its series. */
public final class Scrape {

    private final String text;
    private final Map<String, Double> samples = new HashMap<>();

    private Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
    }

    /** Scrapes {@code baseUrl + "/metrics"}; fails on anything but 200 in the Prometheus text format. */
    public static Scrape of(String baseUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = Http.get(baseUrl + "/metrics");
        if (r.statusCode() != 200 || !r.headers().firstValue("content-type").orElse("").startsWith("text/plain")) {
            throw new IllegalStateException("GET /metrics answered " + r.statusCode() + " " + r.headers() + ": " + r.body());
        }
        return new Scrape(r.body());
    }

    /**
     * A series' value, 0 when absent (a counter not yet touched). {@code series} as Prometheus writes it,
     * labels in alphabetical order: {@code trips_ingest_rows_total{outcome="loaded"}}.
     */
    public double value(String series) {
        return samples.getOrDefault(series, 0.0);
    }

    public boolean has(String series) {
        return samples.containsKey(series);
    }

    public String text() {
        return text;
    }
}
