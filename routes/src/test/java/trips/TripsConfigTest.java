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
}
