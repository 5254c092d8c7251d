package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import trips.testing.TestDatabase;

/**
 * A bad setting of a partner door stops the process like any other bad setting: exit status 2 and a
 * message naming it, before it serves anything or creates its database.
 */
class BadDoorSettingTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "TRIPS_SFTP_PORT | 99999 | trips.sftp.port (TRIPS_SFTP_PORT) is '99999'",
        "TRIPS_REMOTES | http://partner.example/outbox | trips.remotes (TRIPS_REMOTES) entry 1",
        "TRIPS_REMOTES_DELAY_MS | soon | trips.remotes.delay-ms (TRIPS_REMOTES_DELAY_MS) is 'soon'"
    })
    void should_exit_with_2_before_serving_or_creating_the_database(String variable, String value, String message)
            throws Exception {
        try (TestDatabase db = new TestDatabase()) {
            assertThatThrownBy(() -> ServerProcess.start("128m", Map.of("TRIPS_DB_URL", db.url(), variable, value)).close())
                    .hasMessageContaining("the server exited with 2")
                    .hasMessageContaining("trips: bad configuration: " + message)
                    .hasMessageNotContaining("listening on");
            assertThat(db.exists()).isFalse();
        }
    }
}
