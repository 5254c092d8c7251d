package trips.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import trips.db.Database;
import trips.testing.TestDatabase;

/**
 * The second part of an answer sees what the first sees: rows committed after the answer's
 * snapshot stay out of both, although the second part runs on another backend. And an answer
 * never waits for the second reader when another answer holds it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SharedSnapshotTest {

    private final TestDatabase db = new TestDatabase();
    private Database database;
    private DataSource ds;
    private SharedSnapshot snapshot;

    @BeforeAll
    void start() throws SQLException {
        database = Database.start(db.config(Map.of()));
        ds = database.dataSource();
        snapshot = new SharedSnapshot(ds);
        db.execute("CREATE TABLE probe (n int)");
        db.execute("INSERT INTO probe VALUES (1)");
    }

    @AfterAll
    void close() throws SQLException {
        database.close();
        db.close();
    }

    @Test
    void should_read_the_second_part_on_another_backend_in_the_answers_snapshot() throws SQLException {
        SharedSnapshot.Both<Seen> both = ReadTx.run(ds, c -> {
            rows(c); // takes the answer's snapshot
            db.execute("INSERT INTO probe VALUES (2)"); // committed after it
            CountDownLatch started = new CountDownLatch(1);
            return snapshot.read(c, here -> {
                // the answer's thread claims the part itself if the reader has not yet by the time its own is read
                await(started);
                return seen(here);
            }, there -> {
                started.countDown();
                return seen(there);
            });
        });
        assertThat(both.there().backend()).isNotEqualTo(both.here().backend());
        assertThat(both.there().rows()).isEqualTo(both.here().rows());
        assertThat(ReadTx.run(ds, SharedSnapshotTest::rows)).isEqualTo(both.here().rows() + 1);
        db.execute("DELETE FROM probe WHERE n = 2");
    }

    @Test
    void should_read_both_parts_itself_while_another_answer_holds_the_second_reader() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<SharedSnapshot.Both<Seen>> first = CompletableFuture.supplyAsync(() -> {
            try {
                return ReadTx.run(ds, c -> snapshot.read(c, here -> {
                    await(holding);
                    return seen(here);
                }, there -> {
                    holding.countDown();
                    await(release);
                    return seen(there);
                }));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        SharedSnapshot.Both<Seen> second = ReadTx.run(ds, c -> snapshot.read(c, SharedSnapshotTest::seen,
                SharedSnapshotTest::seen));
        assertThat(second.there().backend()).isEqualTo(second.here().backend());
        assertThat(first).isNotDone();

        release.countDown();
        SharedSnapshot.Both<Seen> done = first.get(10, TimeUnit.SECONDS);
        assertThat(done.there().backend()).isNotEqualTo(done.here().backend());
        assertThat(done.there().rows()).isEqualTo(done.here().rows());
    }

    private record Seen(long rows, long backend) {
    }

    private static Seen seen(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM probe), pg_backend_pid()")) {
            rs.next();
            return new Seen(rs.getLong(1), rs.getLong(2));
        }
    }

    private static long rows(Connection c) throws SQLException {
        return seen(c).rows();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
