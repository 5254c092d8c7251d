package trips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
}
