package trips;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trips.ingest.RemoteRoute;

/**
 * Every setting of the platform, read once at start-up and then frozen: the defaults built into
 * the jar, then config/application.properties, then environment variables named after the keys
 * (trips.db.url -> TRIPS_DB_URL). Bad values fail start-up with a message naming the setting.
 */
public final class TripsConfig {

    private static final String DEFAULTS = "/trips/application.properties";
    private static final Logger LOG = LoggerFactory.getLogger(TripsConfig.class);

    private final Map<String, String> values;
    private final boolean dbUrlExplicit;

    private TripsConfig(Map<String, String> values, boolean dbUrlExplicit) {
        this.values = Collections.unmodifiableMap(values);
        this.dbUrlExplicit = dbUrlExplicit;
        validate();
    }

    /** Defaults, then the config file (TRIPS_CONFIG or ./config/application.properties), then the environment. */
    public static TripsConfig load() {
        return load(System.getenv());
    }

    /** {@link #load()} with this environment. */
    public static TripsConfig load(Map<String, String> env) {
        Path file = Path.of(env.getOrDefault("TRIPS_CONFIG", "config/application.properties"));
        if (env.containsKey("TRIPS_CONFIG") && !Files.isRegularFile(file)) {
            // the default file may be missing (the jar run from another folder); a file asked for may not
            throw new IllegalStateException("bad configuration: TRIPS_CONFIG is " + file.toAbsolutePath()
                    + ", which is not a file");
        }
        return load(file, env, Map.of());
    }

    public static TripsConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> values = new TreeMap<>();
        readInto(values, TripsConfig.class.getResourceAsStream(DEFAULTS), DEFAULTS);
        String defaultDbUrl = values.get("trips.db.url");
        Set<String> known = Set.copyOf(values.keySet());
        if (file != null && Files.isRegularFile(file)) {
            try {
                readInto(values, Files.newInputStream(file), file.toString());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
            }
            // a misspelt key would leave its setting at the default without a word, as a misspelt
            // query parameter would: refused the same way
            for (String key : values.keySet()) {
                if (!known.contains(key)) {
                    throw new IllegalStateException("bad configuration: " + file + " sets " + key
                            + ", which is no setting" + closest(key, known).map(k -> " (did you mean " + k + "?)").orElse(""));
                }
            }
        }
        Set<String> knownVariables = known.stream().map(TripsConfig::envName).collect(Collectors.toSet());
        env.keySet().stream()
                // TRIPS_CONFIG names the file; TRIPS_TEST_* are the tests' own
                .filter(v -> v.startsWith("TRIPS_") && !knownVariables.contains(v)
                        && !v.equals("TRIPS_CONFIG") && !v.startsWith("TRIPS_TEST_"))
                .sorted()
                // warned, not refused: the environment is shared with other programs
                .forEach(v -> LOG.warn("{} names no setting and is ignored{}", v,
                        closest(v, knownVariables).map(k -> " (did you mean " + k + "?)").orElse("")));
        for (String key : List.copyOf(values.keySet())) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                values.put(key, fromEnv);
            }
        }
        values.putAll(overrides);
        boolean explicit = !values.get("trips.db.url").equals(defaultDbUrl) || env.containsKey("TRIPS_DB_URL")
                || overrides.containsKey("trips.db.url");
        return new TripsConfig(values, explicit);
    }

    /** A copy with some settings replaced, as tests and tools need. */
    public TripsConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new TreeMap<>(values);
        copy.putAll(overrides);
        return new TripsConfig(copy, dbUrlExplicit || overrides.containsKey("trips.db.url"));
    }

    /** The known name a typo most likely meant: at most two edits away. */
    private static Optional<String> closest(String name, Set<String> known) {
        LevenshteinDistance distance = new LevenshteinDistance(2);
        return known.stream()
                .filter(k -> distance.apply(name, k) >= 0)
                .min(Comparator.comparingInt((String k) -> distance.apply(name, k)).thenComparing(k -> k));
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** What stops start-up when the port a setting names is in use: the port, and what to change. */
    public static IllegalStateException portTaken(String key, int port, Throwable bindFailure) {
        return new IllegalStateException("port " + port + " is taken (" + bindFailure.getMessage() + "): set " + key
                + " (" + envName(key) + ") to a free one", bindFailure);
    }

    private static void readInto(Map<String, String> values, InputStream in, String name) {
        if (in == null) {
            throw new IllegalStateException("missing " + name);
        }
        Properties p = new Properties();
        try (Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + ": " + e.getMessage(), e);
        }
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).trim()));
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        checkInt(problems, "trips.db.pool-size", 2, 64);
        checkInt(problems, "trips.ingest.batch-size", 1, 1_000_000);
        checkInt(problems, "trips.ingest.max-new-names-per-batch", 1, Short.MAX_VALUE);
        checkInt(problems, "trips.ingest.loader-threads", 1, 16);
        checkInt(problems, "trips.ingest.progress-interval-ms", 100, 1000);
        checkInt(problems, "trips.ingest.vacuum-interval-ms", 100, 3_600_000);
        checkInt(problems, "trips.ingest.read-lock-min-age-ms", 0, 3_600_000);
        checkInt(problems, "trips.ingest.max-record-chars", 1024, 64 * 1024 * 1024);
        checkInt(problems, "trips.ingest.reject-raw-chars", 10, 1_000_000);
        checkInt(problems, "trips.group.precision", 1, 12);
        checkInt(problems, "trips.group.bucket-minutes", 1, 1440);
        checkInt(problems, "trips.http.port", 0, 65535);
        checkInt(problems, "trips.http.idle-timeout-s", 1, 86_400);
        checkInt(problems, "trips.upload.max-bytes", 1, Long.MAX_VALUE);
        checkInt(problems, "trips.cluster.lock-timeout-ms", 1000, 3_600_000);
        checkInt(problems, "trips.ingest.partition-rows", 1, 1_000_000_000_000L);
        checkInt(problems, "trips.ingest.dense-cell-trips", 0, 1_000_000_000_000L);
        for (String key : List.of("trips.ingest.merge-work-mem", "trips.ingest.index-work-mem")) {
            // handed to PostgreSQL as a setting: a typo would only show when a file completes
            if (!get(key).matches("[1-9][0-9]{0,6}(kB|MB|GB)")) {
                problems.add(key + " (" + envName(key) + ") is '" + get(key) + "', expected a size such as 256MB");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bad configuration: " + String.join("; ", problems));
        }
        if (1440 % bucketMinutes() != 0) {
            throw new IllegalStateException("bad configuration: trips.group.bucket-minutes ("
                    + bucketMinutes() + ", " + envName("trips.group.bucket-minutes") + ") must divide 1440");
        }
        if (get("trips.inbox").isEmpty()) {
            throw new IllegalStateException("bad configuration: trips.inbox (TRIPS_INBOX) is empty");
        }
        checkPoolSize();
        checkBatchMemory(Runtime.getRuntime().maxMemory());
    }

    /** Heap a batch holds per row: parsed (measured: 195 bytes), and its binary COPY while it loads. */
    static final int BATCH_BYTES_PER_ROW = 200;
    static final int ENCODED_BYTES_PER_ROW = 130;

    /**
     * The batches in flight must fit in half the heap, the rest left to the API, the completion and
     * the pools: a batch being read per door (the inbox, each remote), one queued and one loading per
     * loader thread, the loading ones with their COPY encoded. Past that, a slow database let the
     * batches fill the heap (200,000-row batches at -Xmx256m), and the out-of-memory error stopped the
     * inbox for good, its file left RUNNING.
     */
    void checkBatchMemory(long maxHeapBytes) {
        long rows = getInt("trips.ingest.batch-size");
        int loaders = getInt("trips.ingest.loader-threads");
        int doors = 1 + RemoteRoute.count(get("trips.remotes"));
        long needed = rows * ((long) BATCH_BYTES_PER_ROW * (doors + 2L * loaders) + (long) ENCODED_BYTES_PER_ROW * loaders);
        if (needed > maxHeapBytes / 2) {
            throw new IllegalStateException("bad configuration: trips.ingest.batch-size (TRIPS_INGEST_BATCH_SIZE) is "
                    + rows + ": with " + loaders + " loader threads and " + doors + (doors == 1 ? " door" : " doors")
                    + " reading, the batches in flight take about " + needed / (1 << 20) + " MB, more than half"
                    + " the heap (" + maxHeapBytes / (1 << 20) + " MB): lower the batch size or the loader threads,"
                    + " or give the JVM more (-Xmx)");
        }
    }

    /**
     * The pool must cover what the inbox's files in flight hold at once, with one connection left for
     * the API: the file being read (its lock, and the reading thread's own while it opens the file), a
     * connection per loader, the one waiting to complete (its lock), the one completing (its lock and
     * its transaction) and the vacuum keeper.
     * With fewer, the files wait on each other's connections until the pool's timeout, over and over.
     * The remotes' needs come on top ({@link #dbPoolSize()}).
     */
    private void checkPoolSize() {
        int loaders = getInt("trips.ingest.loader-threads");
        int needed = (1 + 1 + loaders) + 1 + 2 + 1 + 1;
        int size = getInt("trips.db.pool-size");
        if (size < needed) {
            throw new IllegalStateException("bad configuration: trips.db.pool-size (TRIPS_DB_POOL_SIZE) is " + size
                    + ", expected at least " + needed + " with " + loaders + " loader threads"
                    + ": the files being read, waiting and completing hold that many, and one is left for the API");
        }
    }

    /**
     * The connection pool's size: trips.db.pool-size, and for each remote the two connections a file
     * it reads beside the inbox's holds (its lock and its reading thread), plus the remotes' leader's
     * lock in a cluster, so that adding a remote takes nothing from the inbox or the API.
     */
    public int dbPoolSize() {
        int remotes = RemoteRoute.count(get("trips.remotes"));
        int leader = remotes > 0 && Boolean.parseBoolean(get("trips.cluster")) ? 1 : 0;
        return getInt("trips.db.pool-size") + 2 * remotes + leader;
    }

    private void checkInt(List<String> problems, String key, long min, long max) {
        String raw = get(key);
        try {
            long v = Long.parseLong(raw);
            if (v < min || v > max) {
                problems.add(key + " (" + envName(key) + ") is " + v + ", expected " + min + ".." + max);
            }
        } catch (NumberFormatException e) {
            problems.add(key + " (" + envName(key) + ") is '" + raw + "', expected a whole number");
        }
    }

    public String get(String key) {
        String v = values.get(key);
        return v == null ? "" : v;
    }

    public int getInt(String key) {
        return Integer.parseInt(get(key));
    }

    public long getLong(String key) {
        return Long.parseLong(get(key));
    }

    public boolean isSet(String key) {
        return !get(key).isEmpty();
    }

    /** All settings, for Camel's property placeholders. */
    public Properties asProperties() {
        Properties p = new Properties();
        p.putAll(values);
        return p;
    }

    public String dbUrl() { return get("trips.db.url"); }
    public String dbUser() { return get("trips.db.user"); }
    public String dbPassword() { return get("trips.db.password"); }
    public boolean dbUrlExplicit() { return dbUrlExplicit; }
    public Path inbox() { return Path.of(get("trips.inbox")).toAbsolutePath().normalize(); }
    public int batchSize() { return getInt("trips.ingest.batch-size"); }
    public int groupPrecision() { return getInt("trips.group.precision"); }
    public int bucketMinutes() { return getInt("trips.group.bucket-minutes"); }
    public int httpPort() { return getInt("trips.http.port"); }
}
