package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.apache.camel.component.file.remote.FtpEndpoint;
import org.apache.camel.component.file.remote.FtpOperations;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.LoggingExceptionHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
                1, WORK, 10_000, 5000, "remoteErrors-1");

        assertThat(r.routeId).isEqualTo("remote-1");
        assertThat(r.address).isEqualTo("sftp://partner@sftp.example.com:2222/outbox");
        assertThat(r.uri).startsWith("sftp://partner@sftp.example.com:2222/outbox?")
                .contains("delay=60000", "readLock=changed", "readLockMinAge=6000", "readLockTimeout=20000",
                        "autoCreate=false", "backoffMultiplier=6",
                        "throwExceptionOnConnectFailed=true", "localWorkDirectory=" + WORK,
                        "move=${exchangeProperty.tripsRemoteTarget}", "exceptionHandler=#remoteErrors-1")
                .doesNotContain("delay=10000", "binary=", "passiveMode=");
    }

    @Test
    void should_transfer_ftp_files_in_binary_passive_mode_and_wait_between_listings_rather_than_on_ages() {
        RemoteUri r = RemoteUri.parse("ftp://{{env:FTP_USER}}:{{env:FTP_PW}}@{{env:FTP_HOST}}/drop",
                2, WORK, 5000, 4000, "h");

        assertThat(r.address).isEqualTo("ftp://{{env:FTP_USER}}@{{env:FTP_HOST}}/drop");
        assertThat(r.uri).contains("binary=true", "passiveMode=true", "delay=5000", "readLockCheckInterval=4000")
                .doesNotContain("readLockMinAge");
    }

    @Test
    void should_read_ftp_file_names_as_utf8_unless_the_entry_names_another_encoding() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.getRegistry().bind("h", new LoggingExceptionHandler(camel, getClass()));
            camel.start();

            for (String scheme : new String[] {"ftp", "ftps"}) {
                RemoteUri r = RemoteUri.parse(scheme + "://u@h/drop", 1, WORK, 1000, 0, "h");
                assertThat(controlEncoding(camel, r.uri)).as(scheme).isEqualTo("UTF-8");
            }
            RemoteUri latin = RemoteUri.parse("ftp://u@h/drop?ftpClient.controlEncoding=ISO-8859-1", 1, WORK, 1000, 0, "h");
            assertThat(controlEncoding(camel, latin.uri)).isEqualTo("ISO-8859-1");
            assertThat(RemoteUri.parse("sftp://u@h/drop", 1, WORK, 1000, 0, "h").uri).doesNotContain("controlEncoding");
        }
    }

    /** The encoding of the FTP client Camel builds for the endpoint: made, not connected. */
    private static String controlEncoding(DefaultCamelContext camel, String uri) throws Exception {
        FtpEndpoint<?> endpoint = camel.getEndpoint(uri, FtpEndpoint.class);
        return ((FtpOperations) endpoint.createRemoteFileOperations()).getClient().getControlEncoding();
    }

    @Test
    void should_tell_apart_remotes_on_one_host_by_user_port_and_folder_without_their_password() {
        assertThat(RemoteUri.parse("sftp://a:secret@h:2222/in?delay=1", 1, WORK, 1000, 0, "h").address)
                .isEqualTo("sftp://a@h:2222/in");
        assertThat(RemoteUri.parse("sftp://b@h/out", 2, WORK, 1000, 0, "h").address).isEqualTo("sftp://b@h/out");
    }

    @Test
    void should_refuse_options_that_decide_where_files_go_and_entries_that_are_not_ftp_uris() {
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?delete=true", 3, WORK, 1000, 0, "h"))
                .hasMessageContaining("TRIPS_REMOTES").hasMessageContaining("entry 3").hasMessageContaining("delete");
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?moveFailed=bad", 1, WORK, 1000, 0, "h"))
                .hasMessageContaining("moveFailed");
        assertThatThrownBy(() -> RemoteUri.parse("http://user:secret@h/x", 1, WORK, 1000, 0, "h"))
                .hasMessageContaining("not an sftp://").hasMessageNotContaining("secret");
    }

    @Test
    void should_refuse_an_absolute_folder_which_camel_cannot_change_to() {
        assertThatThrownBy(() -> RemoteUri.parse("sftp://u@h//srv/outbox?password=x", 2, WORK, 1000, 0, "h"))
                .hasMessageContaining("entry 2")
                .hasMessageContaining("the folder '/srv/outbox' is absolute")
                .hasMessageContaining("relative to the login's home directory");
        // a folder relative to the home, and none at all, stay accepted
        RemoteUri.parse("sftp://u@h/outbox/daily", 1, WORK, 1000, 0, "h");
        RemoteUri.parse("ftp://u@h", 1, WORK, 1000, 0, "h");
    }

    @Test
    void should_refuse_the_platforms_options_whatever_their_case_as_camel_reads_them() {
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?Delete=true", 1, WORK, 1000, 0, "h"))
                .hasMessageContaining("'Delete'");
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?PreMove=.x", 1, WORK, 1000, 0, "h"))
                .hasMessageContaining("'PreMove'");
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?LOCALWORKDIRECTORY=/tmp", 1, WORK, 1000, 0, "h"))
                .hasMessageContaining("LOCALWORKDIRECTORY");
        assertThatThrownBy(() -> RemoteUri.parse("sftp://h/x?no%6fp=true", 1, WORK, 1000, 0, "h"))
                .as("percent-encoded, as Camel decodes it").hasMessageContaining("no%6fp");
        assertThat(RemoteUri.parse("sftp://h/x?ReadLock=none&AutoCreate=true", 1, WORK, 1000, 0, "h").uri)
                .contains("readLock=none", "autoCreate=true").doesNotContain("readLock=changed", "autoCreate=false");
    }

    @Test
    void should_take_a_value_that_is_one_placeholder_as_it_is_so_secrets_may_hold_url_characters() {
        RemoteUri r = RemoteUri.parse("sftp://u@h/x?password={{env:RB_PW}}&privateKeyPassphrase={{env:K:a&b+c}}"
                + "&knownHostsFile=/etc/{{env:KH}}&delay=7", 1, WORK, 1000, 0, "h");

        assertThat(r.uri).contains("password=RAW({{env:RB_PW}})", "privateKeyPassphrase=RAW({{env:K:a&b+c}})",
                "knownHostsFile=/etc/{{env:KH}}&", "delay=7");
    }

    @Test
    void should_refuse_a_placeholder_without_default_that_names_an_unset_variable() {
        String entry = "sftp://u@h/x?password={{env:PARTNER_PW}}&knownHostsFile={{env:KH:/etc/kh}}";

        assertThatThrownBy(() -> RemoteUri.requireResolvable(entry, 2, Map.of()))
                .hasMessage("bad configuration: trips.remotes (TRIPS_REMOTES) entry 2: {{env:PARTNER_PW}} names an"
                        + " environment variable that is not set: set it, or give a default as {{env:PARTNER_PW:default}}");
        RemoteUri.requireResolvable(entry, 2, Map.of("PARTNER_PW", "s&cret"));
        RemoteUri.requireResolvable("sftp://u@h/x?password={{env:PARTNER_PW:}}", 1, Map.of());
    }

    @Test
    void should_refuse_a_read_lock_age_that_is_not_a_number_of_milliseconds() {
        TripsConfig config = TripsConfig.load(null, Map.of(), Map.of("trips.remotes.read-lock-min-age-ms", "5s"));

        assertThatThrownBy(() -> RemoteRoute.addAll(new DefaultCamelContext(), config, null))
                .hasMessageContaining("TRIPS_REMOTES_READ_LOCK_MIN_AGE_MS").hasMessageContaining("5s");
    }

    @Test
    void should_start_without_waiting_on_a_remote_that_does_not_answer(@TempDir Path dir) throws Exception {
        // accepts connections (the kernel's backlog) but never says a word: an SSH client waits for
        // its greeting until connectTimeout
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             DefaultCamelContext camel = new DefaultCamelContext()) {
            String uri = "sftp://u@127.0.0.1:" + silent.getLocalPort()
                    + "/outbox?password=pw&connectTimeout=5000&initialDelay=600000";
            TripsConfig config = TripsConfig.load(null, Map.of(), Map.of("trips.remotes", uri,
                    "trips.remotes.work-dir", dir.toString()));
            RemoteRoute.addAll(camel, config, null);

            long start = System.nanoTime();
            camel.start();

            assertThat((System.nanoTime() - start) / 1_000_000).as("start-up ms").isLessThan(3000);
            assertThat(camel.getRouteController().getRouteStatus("remote-1").isStarted()).isTrue();
        }
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
