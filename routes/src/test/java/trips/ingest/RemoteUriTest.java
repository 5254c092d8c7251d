package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import trips.TripsConfig;

class RemoteUriTest {

    private static final Path WORK = Path.of("/var/trips/remote-work/remote-1");

    @Test
    void should_split_entries_at_each_scheme_and_keep_commas_inside_options() {
        assertThat(RemoteUri.split(" sftp://a@one/in?antInclude=*.csv,*.csv.gz , ftp://b@two/out,ftps://c@three "))
                .containsExactly("sftp://a@one/in?antInclude=*.csv,*.csv.gz", "ftp://b@two/out", "ftps://c@three");
        assertThat(RemoteUri.split("")).isEmpty();
    }

    @Test
    void should_complete_an_entry_with_the_platforms_defaults_and_keep_its_own_options() {
        RemoteUri r = RemoteUri.parse("sftp://partner@sftp.example.com:2222/outbox?password={{env:PW}}&delay=60000",
                1, WORK, 10_000, "remoteErrors-1");

        assertThat(r.routeId).isEqualTo("remote-1");
        assertThat(r.host).isEqualTo("sftp.example.com");
        assertThat(r.uri).startsWith("sftp://partner@sftp.example.com:2222/outbox?")
                .contains("password={{env:PW}}", "delay=60000", "readLock=changed", "backoffMultiplier=6",
                        "throwExceptionOnConnectFailed=true", "localWorkDirectory=" + WORK,
                        "move=${exchangeProperty.tripsRemoteTarget}", "exceptionHandler=#remoteErrors-1")
                .doesNotContain("delay=10000", "binary=", "passiveMode=");
    }

    @Test
    void should_transfer_ftp_files_in_binary_passive_mode() {
        RemoteUri r = RemoteUri.parse("ftp://{{env:FTP_USER}}@{{env:FTP_HOST}}/drop", 2, WORK, 5000, "h");

        assertThat(r.host).isEqualTo("{{env:FTP_HOST}}");
        assertThat(r.uri).contains("binary=true", "passiveMode=true", "delay=5000");
    }

    @Test
    void should_refuse_options_that_decide_where_files_go_and_entries_that_are_not_ftp_uris() {
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?delete=true", 3, WORK, 1000, "h"))
                .hasMessageContaining("TRIPS_REMOTES").hasMessageContaining("entry 3").hasMessageContaining("delete");
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?moveFailed=bad", 1, WORK, 1000, "h"))
                .hasMessageContaining("moveFailed");
        assertThatThrownBy(() -> RemoteUri.parse("http://user:secret@h/x", 1, WORK, 1000, "h"))
                .hasMessageContaining("not an sftp://").hasMessageNotContaining("secret");
    }

    @Test
    void should_refuse_a_poll_delay_that_is_not_a_number_of_milliseconds() {
        TripsConfig config = TripsConfig.load(null, Map.of(), Map.of("trips.remotes.delay-ms", "10s"));

        assertThatThrownBy(() -> RemoteRoute.addAll(new DefaultCamelContext(), config, null))
                .hasMessageContaining("TRIPS_REMOTES_DELAY_MS").hasMessageContaining("10s");
    }

    @Test
    void should_mask_passwords_in_messages() {
        assertThat(RemoteUri.masked("sftp://u:pw@h/x?password=abc&delay=1"))
                .isEqualTo("sftp://u:xxxxxx@h/x?password=xxxxxx&delay=1");
    }
}
