package trips;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An inbox that cannot be used stops start-up naming the setting and why, not only a path. */
class InboxSettingTest {

    @Test
    void should_name_the_inbox_setting_when_the_inbox_is_a_file() throws Exception {
        Path file = Files.createTempFile("trips-not-a-folder", ".txt");
        assertThatThrownBy(() -> TripsEngine.checkDoors(inboxAt(file)))
                .hasMessageStartingWith("bad configuration: trips.inbox (TRIPS_INBOX) is " + file + ", which cannot be used: ")
                .hasMessageContaining(file.toString());
    }

    @Test
    void should_name_the_inbox_setting_and_the_reason_when_the_inbox_cannot_be_created() {
        // /proc takes no new folders, even from root
        Path inbox = Path.of("/proc/trips-inbox");
        assertThatThrownBy(() -> TripsEngine.checkDoors(inboxAt(inbox)))
                .hasMessageStartingWith("bad configuration: trips.inbox (TRIPS_INBOX) is /proc/trips-inbox, which cannot be used: ")
                .hasMessageNotContaining("which cannot be used: /proc/trips-inbox");
    }

    private static TripsConfig inboxAt(Path inbox) {
        return TripsConfig.load(null, Map.of(), Map.of("trips.inbox", inbox.toString()));
    }
}
