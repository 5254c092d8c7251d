package trips.perf.bench;

import java.time.LocalDate;

/**
 * One analytics question: its kind (for grouping latencies), the HTTP query string, and the
 * brute-force SQL over trip that must give the same number of trips.
 */
record Question(String kind, String path, String bruteForceSql, Object[] params, LocalDate from, LocalDate to) {
}
