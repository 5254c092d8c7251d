package trips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class TripsConfigTest {

    @Test
    void should_take_defaults_then_the_file_then_the_environment() throws Exception {
        Path file = Files.createTempFile("trips", ".properties");
        Files.writeString(file, "trips.inbox=from-file\ntrips.ingest.batch-size=500\n");
        TripsConfig config = TripsConfig.load(file, Map.of("TRIPS_INGEST_BATCH_SIZE", "700"), Map.of());
        assertThat(config.get("trips.inbox")).isEqualTo("from-file");
        assertThat(config.batchSize()).isEqualTo(700);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dbUrlExplicit()).isFalse();
    }

    @Test
    void should_know_when_the_database_was_chosen_by_the_user() {
        assertThat(TripsConfig.load(null, Map.of("TRIPS_DB_URL", "jdbc:postgresql://db:5432/trips"), Map.of())
                .dbUrlExplicit()).isTrue();
    }

    @Test
    void should_name_the_setting_and_its_variable_when_a_value_is_bad() {
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_INGEST_BATCH_SIZE", "lots"), Map.of()))
                .hasMessageContaining("trips.ingest.batch-size (TRIPS_INGEST_BATCH_SIZE) is 'lots', expected a whole number");
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_GROUP_BUCKET_MINUTES", "7"), Map.of()))
                .hasMessageContaining("must divide 1440");
    }

    @Test
    void should_refuse_an_idle_timeout_or_upload_limit_that_is_not_a_positive_whole_number() {
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_HTTP_IDLE_TIMEOUT_S", "abc"), Map.of()))
                .hasMessageContaining("trips.http.idle-timeout-s (TRIPS_HTTP_IDLE_TIMEOUT_S) is 'abc', expected a whole number");
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_HTTP_IDLE_TIMEOUT_S", "0"), Map.of()))
                .hasMessageContaining("trips.http.idle-timeout-s (TRIPS_HTTP_IDLE_TIMEOUT_S) is 0, expected 1..86400");
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_UPLOAD_MAX_BYTES", "-1"), Map.of()))
                .hasMessageContaining("trips.upload.max-bytes (TRIPS_UPLOAD_MAX_BYTES) is -1, expected 1..");
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_UPLOAD_MAX_BYTES", "20GB"), Map.of()))
                .hasMessageContaining("trips.upload.max-bytes (TRIPS_UPLOAD_MAX_BYTES) is '20GB', expected a whole number");
    }

    @Test
    void should_refuse_a_config_file_named_in_the_environment_that_is_not_there() {
        assertThatThrownBy(() -> TripsConfig.load(Map.of("TRIPS_CONFIG", "/no/such/trips.properties")))
                .hasMessage("bad configuration: TRIPS_CONFIG is /no/such/trips.properties, which is not a file");
    }

    @Test
    void should_refuse_batches_whose_rows_in_flight_would_take_more_than_half_the_heap() {
        TripsConfig config = TripsConfig.load(null, Map.of("TRIPS_INGEST_BATCH_SIZE", "200000"), Map.of());

        assertThatThrownBy(() -> config.checkBatchMemory(256L << 20))
                .hasMessage("bad configuration: trips.ingest.batch-size (TRIPS_INGEST_BATCH_SIZE) is 200000: with 2"
                        + " loader threads and 1 door reading, the batches in flight take about 240 MB, more than"
                        + " half the heap (256 MB): lower the batch size or the loader threads, or give the JVM more (-Xmx)");
        // the defaults fit a small heap with room to spare
        TripsConfig.load(null, Map.of(), Map.of()).checkBatchMemory(64L << 20);
    }

    @Test
    void should_refuse_a_pool_too_small_for_the_files_in_flight() {
        assertThatThrownBy(() -> TripsConfig.load(null, Map.of("TRIPS_DB_POOL_SIZE", "8"), Map.of()))
                .hasMessageContaining("trips.db.pool-size (TRIPS_DB_POOL_SIZE) is 8, expected at least 9 with 2 loader threads");
        assertThat(TripsConfig.load(null, Map.of("TRIPS_DB_POOL_SIZE", "9"), Map.of()).getInt("trips.db.pool-size"))
                .isEqualTo(9);
    }

    @Test
    void should_add_to_the_pool_what_each_remote_holds_while_it_reads_a_file() {
        Map<String, String> remotes = Map.of("TRIPS_REMOTES", "sftp://a@one.example/out,ftp://b@two.example/out");
        assertThat(TripsConfig.load(null, remotes, Map.of()).dbPoolSize()).isEqualTo(10 + 2 * 2);
        Map<String, String> clustered = new java.util.HashMap<>(remotes);
        clustered.put("TRIPS_CLUSTER", "true");
        // and the remotes' leader holds its lock in a cluster
        assertThat(TripsConfig.load(null, clustered, Map.of()).dbPoolSize()).isEqualTo(10 + 2 * 2 + 1);
        assertThat(TripsConfig.load(null, Map.of(), Map.of()).dbPoolSize()).isEqualTo(10);
    }

    @Test
    void should_refuse_a_config_file_that_sets_no_known_setting_and_name_the_closest() throws Exception {
        Path file = Files.createTempFile("trips", ".properties");
        Files.writeString(file, "trips.http.prot=8199\n");
        assertThatThrownBy(() -> TripsConfig.load(file, Map.of(), Map.of()))
                .hasMessage("bad configuration: " + file + " sets trips.http.prot, which is no setting"
                        + " (did you mean trips.http.port?)");
        Files.writeString(file, "trips.nothing.like.it=1\n");
        assertThatThrownBy(() -> TripsConfig.load(file, Map.of(), Map.of()))
                .hasMessage("bad configuration: " + file + " sets trips.nothing.like.it, which is no setting");
    }

    @Test
    void should_warn_of_a_trips_variable_that_names_no_setting() {
        Logger logger = (Logger) LoggerFactory.getLogger(TripsConfig.class);
        ListAppender<ILoggingEvent> warnings = new ListAppender<>();
        warnings.start();
        logger.addAppender(warnings);
        try {
            TripsConfig config = TripsConfig.load(null, Map.of("TRIPS_HTTP_PROT", "8199", "TRIPS_TEST_DB_URL", "x",
                    "TRIPS_CONFIG", "y", "TRIPS_HTTP_PORT", "8198"), Map.of());
            assertThat(config.httpPort()).isEqualTo(8198);
        } finally {
            logger.detachAppender(warnings);
        }
        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("TRIPS_HTTP_PROT names no setting and is ignored (did you mean TRIPS_HTTP_PORT?)");
    }
}
