package trips.perf.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** What one run measured, as a Markdown report and a one-line summary. */
public final class BenchReport {

    final String command;
    final long rows;
    final long bytes;
    final String xmx;
    /** The questions only, against a database an earlier run loaded: no ingestion numbers. */
    final boolean reusedDatabase;
    double copySeconds;
    double platformSeconds;
    String status;
    String postgres;
    String machine;
    long storedTrips;
    long peakHeapMb;
    long peakRssMb;
    QueryBench.Result queries;

    BenchReport(String command, long rows, long bytes, String xmx, boolean reusedDatabase) {
        this.command = command;
        this.rows = rows;
        this.bytes = bytes;
        this.xmx = xmx;
        this.reusedDatabase = reusedDatabase;
    }

    public boolean ok() {
        return "COMPLETED".equals(status) && storedTrips == rows && queries != null && queries.wrong().isEmpty();
    }

    public double ratio() {
        return platformSeconds / copySeconds;
    }

    public String summaryLine() {
        String ingestion = reusedDatabase ? "ingestion=not-measured(reuse-db)"
                : String.format("copy_s=%.2f platform_s=%.2f ratio=%.2f", copySeconds, platformSeconds, ratio());
        return String.format("rows=%d %s status=%s stored=%d checked=%d wrong=%d"
                        + " peak_heap_mb=%d peak_rss_mb=%d", rows, ingestion, status,
                storedTrips, queries == null ? 0 : queries.checked(), queries == null ? -1 : queries.wrong().size(),
                peakHeapMb, peakRssMb);
    }

    void write(Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmark: ").append(String.format("%,d", rows)).append(" trips\n\n");
        md.append("Command: `java -cp ... trips.perf.bench.Benchmark ").append(command).append("`\n\n");
        md.append("## Machine\n\n").append(machine).append('\n');
        if (reusedDatabase) {
            md.append(String.format("## Ingestion%n%nNot measured: the questions were asked of the database an earlier"
                    + " run loaded (--reuse-db true; %,d trips stored).%n%n", storedTrips));
        } else {
            ingestion(md);
        }
        if (queries != null) {
            queries(md);
        }
        Files.writeString(file, md.toString());
    }

    private void ingestion(StringBuilder md) {
        md.append("## Ingestion\n\n| | value |\n|---|---|\n");
        md.append(String.format("| file | %,d rows, %,d bytes |%n", rows, bytes));
        md.append(String.format("| psql \\copy into 5 text columns | %.2f s |%n", copySeconds));
        md.append(String.format("| platform, inbox to COMPLETED | %.2f s (%s, %,d trips stored) |%n",
                platformSeconds, status, storedTrips));
        md.append(String.format("| ratio platform / \\copy | **%.2f** |%n", ratio()));
        md.append(String.format("| platform rows per second | %,.0f |%n", rows / platformSeconds));
        md.append(String.format("| -Xmx, peak heap used, peak RSS | %s, %d MB, %d MB |%n%n", xmx, peakHeapMb, peakRssMb));
    }

    private void queries(StringBuilder md) {
        md.append("## Analytics over HTTP (ms: p50 | p95 | p99) next to brute-force SQL over trip\n\n");
        md.append("| question | requests | HTTP p50 | p95 | p99 | brute force p50 | p95 | p99 |\n|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Latencies> e : queries.http().entrySet()) {
            Latencies brute = queries.bruteForce().get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().count()).append(" | ")
                    .append(e.getValue().summary()).append(" | ")
                    .append(brute == null ? "- | - | -" : brute.summary()).append(" |\n");
        }
        // a question's first request reads its index pages from disk or the OS cache; with a few
        // questions a kind and ten requests each, those first requests alone can make the p95
        md.append("\nThe same requests split: each question's first request, and those after it (ms)\n\n");
        md.append("| question | first requests | p50 | slowest | requests after the first | p50 | p95 | p99 |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (Map.Entry<String, Latencies> e : queries.firstAsked().entrySet()) {
            Latencies again = queries.askedAgain().get(e.getKey());
            md.append("| ").append(e.getKey()).append(" | ").append(e.getValue().count()).append(" | ")
                    .append(e.getValue().medianAndMax()).append(" | ")
                    .append(again == null ? "0 | - | - | -" : again.count() + " | " + again.summary()).append(" |\n");
        }
        md.append("\nAnswers checked against brute-force SQL: ").append(queries.checked())
                .append(", wrong: ").append(queries.wrong().size()).append('\n');
        queries.wrong().forEach(w -> md.append("- ").append(w).append('\n'));
    }
}
