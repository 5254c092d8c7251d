package trips.web.ingestions;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trips.db.Database;
import trips.testing.TestDatabase;

/** Paging never loses or repeats a reject, even where several rejects share a line across a page boundary. */
class RejectsPagesTest {

    @Test
    void should_read_every_reject_exactly_once_when_lines_repeat_across_pages() throws Exception {
        try (TestDatabase db = new TestDatabase(); Database database = Database.start(db.config(Map.of()))) {
            long id;
            try (Connection c = db.connect(); Statement s = c.createStatement()) {
                ResultSet rs = s.executeQuery("INSERT INTO ingestion (source, file, status) VALUES ('test', 'x.csv', 'COMPLETED') RETURNING id");
                rs.next();
                id = rs.getLong(1);
                // 2,500 rejects on lines 2, 2, 2, 3, 3, 3, ...: a page of 1,000 ends inside a line
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO ingestion_reject VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < 2_500; i++) {
                        ps.setLong(1, id);
                        ps.setLong(2, 2 + i / 3);
                        ps.setString(3, "reason " + (i % 3));
                        ps.setString(4, "raw " + i);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }

            StringBuilder all = new StringBuilder();
            RejectsPages.Position at = RejectsPages.Position.START;
            int pages = 0;
            RejectsPages.Page page;
            do {
                page = RejectsPages.read(database.dataSource(), id, at);
                all.append(page.csv());
                at = page.next();
                pages++;
            } while (!page.last());

            assertThat(pages).isEqualTo(3);
            assertThat(all.toString().split("\r\n")).hasSize(2_500).doesNotHaveDuplicates();
            assertThat(RejectsPages.exists(database.dataSource(), id)).isTrue();
            assertThat(RejectsPages.exists(database.dataSource(), id + 1)).isFalse();
        }
    }
}
