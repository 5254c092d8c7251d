package trips.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RemoteArchiveNameTest {

    @Test
    void should_put_the_ingestion_id_before_the_extension_gzip_included() {
        assertThat(RemoteArchiveName.tagged("trips.csv", 42L)).isEqualTo("trips.42.csv");
        assertThat(RemoteArchiveName.tagged("trips.CSV.GZ", 42L)).isEqualTo("trips.42.CSV.GZ");
        assertThat(RemoteArchiveName.tagged("may.2018.csv", 7L)).isEqualTo("may.2018.7.csv");
    }

    @Test
    void should_keep_a_subfolder_and_tag_a_name_without_extension_at_its_end() {
        assertThat(RemoteArchiveName.tagged("sub.dir/trips.csv", 3L)).isEqualTo("sub.dir/trips.3.csv");
        assertThat(RemoteArchiveName.tagged("sub.dir/trips", 3L)).isEqualTo("sub.dir/trips.3");
        assertThat(RemoteArchiveName.tagged(".hidden", 3L)).isEqualTo(".hidden.3");
    }

    @Test
    void should_keep_the_name_when_no_ingestion_took_the_file() {
        assertThat(RemoteArchiveName.tagged("trips.csv", null)).isEqualTo("trips.csv");
    }
}
