package trips.perf;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to generate. Same options, same bytes.
 *
 * @param rows     data rows, header not counted
 * @param from     first day of trips, inclusive
 * @param to       last day of trips, inclusive
 * @param badShare probability that a row is made invalid, 0..1
 * @param gzip     compress the file ({@code .csv.gz})
 */
public record TripFileOptions(long rows, long seed, List<Region> regions, LocalDate from, LocalDate to,
                              double badShare, boolean gzip) {

    public static final LocalDate DEFAULT_FROM = LocalDate.of(2018, 1, 1);
    public static final LocalDate DEFAULT_TO = LocalDate.of(2018, 6, 30);

    public TripFileOptions {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must be >= 0: " + rows);
        }
        regions = List.copyOf(regions);
        if (regions.isEmpty()) {
            throw new IllegalArgumentException("at least one region is needed");
        }
        Set<String> names = new HashSet<>();
        for (Region region : regions) {
            if (!names.add(region.name())) {
                throw new IllegalArgumentException("region listed twice: " + region.name());
            }
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to " + to + " is before from " + from);
        }
        // Four-digit years keep every datetime in the fixed yyyy-MM-dd HH:mm:ss shape.
        if (from.getYear() < 1000 || to.getYear() > 9999) {
            throw new IllegalArgumentException("years must be 1000..9999");
        }
        if (!(badShare >= 0 && badShare <= 1)) {
            throw new IllegalArgumentException("badShare must be in 0..1: " + badShare);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().rows(rows).seed(seed).regions(regions).from(from).to(to).badShare(badShare).gzip(gzip);
    }

    /** Defaults: 1000 rows, seed 42, all built-in regions, 2018-01-01..2018-06-30, no bad rows, plain. */
    public static final class Builder {
        private long rows = 1000;
        private long seed = 42;
        private List<Region> regions = Regions.all();
        private LocalDate from = DEFAULT_FROM;
        private LocalDate to = DEFAULT_TO;
        private double badShare;
        private boolean gzip;

        public Builder rows(long rows) {
            this.rows = rows;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder regions(List<Region> regions) {
            this.regions = regions;
            return this;
        }

        /** Built-in regions by name, e.g. {@code "Prague,Turin"}. */
        public Builder regions(String commaSeparatedNames) {
            return regions(Regions.byNames(commaSeparatedNames));
        }

        public Builder from(LocalDate from) {
            this.from = from;
            return this;
        }

        public Builder to(LocalDate to) {
            this.to = to;
            return this;
        }

        public Builder badShare(double badShare) {
            this.badShare = badShare;
            return this;
        }

        public Builder gzip(boolean gzip) {
            this.gzip = gzip;
            return this;
        }

        public TripFileOptions build() {
            return new TripFileOptions(rows, seed, regions, from, to, badShare, gzip);
        }
    }
}
