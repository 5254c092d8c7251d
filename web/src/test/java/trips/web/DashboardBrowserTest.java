package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;
import trips.events.IngestionEvent;
import trips.events.IngestionEvents;

/**
 * The ingestions table in a real (headless) browser: it follows files live, without a reload, across a
 * restart, through their finishing, and shows what a reload would show.
 */
class DashboardBrowserTest extends BrowserTest {

    @Test
    void should_show_a_dropped_file_reach_completed_with_its_row_count_without_a_reload() throws Exception {
        // given a file ingested before the page opened, and the page open and live
        fx.dropTrips("earlier.csv", 50, 2, 61);
        awaitTerminalInDatabase(1);
        page.openLive(fx);
        page.awaitStatus("earlier.csv", "COMPLETED");
        browser.executeScript("window.sameDocument = true");

        // when a file of 200,000 rows lands in the inbox
        fx.dropTrips("live.csv", 200_000, 7, 62);

        // then the page shows it running, then completed with its counts, in the same document
        WebElement row = page.awaitStatus("live.csv", "COMPLETED");
        assertThat(row.getDomAttribute("data-loaded")).isEqualTo("200000");
        assertThat(row.findElement(By.cssSelector(".loaded")).getText()).isEqualTo("200,000");
        WebElement rejects = row.findElement(By.cssSelector(".rejected a"));
        assertThat(rejects.getText()).isEqualTo("7");
        assertThat(rejects.getDomAttribute("href")).isEqualTo("/api/ingestions/" + row.getDomAttribute("data-id") + "/rejects");
        assertThat(row.findElement(By.cssSelector(".fill")).getDomAttribute("style")).contains("width: 100");
        assertThat(browser.executeScript("return window.sameDocument === true")).isEqualTo(true);
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void should_reconnect_by_itself_after_the_server_restarts() throws Exception {
        page.openLive(fx);
        browser.executeScript("window.sameDocument = true");

        fx.restart();
        fx.dropTrips("after-restart.csv", 1_000, 0, 63);

        WebElement row = page.awaitStatus("after-restart.csv", "COMPLETED");
        assertThat(row.getDomAttribute("data-loaded")).isEqualTo("1000");
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("live");
        assertThat(browser.executeScript("return window.sameDocument === true")).isEqualTo(true);
    }

    @Test
    void should_show_a_file_finishing_after_its_last_byte_at_the_rate_it_was_read() throws Exception {
        // given the page live
        page.openLive(fx);

        // when a file's events tell it read to the end and its rows stopped growing, while the
        // engine's average since the start decays (the engine's events, published as the engine does)
        publish(IngestionEvent.Type.STARTED, 900, 0, 0, 0);
        publish(IngestionEvent.Type.PROGRESS, 900, 500, 5_000, 5_000);
        publish(IngestionEvent.Type.PROGRESS, 900, 1_000, 10_000, 6_000);
        publish(IngestionEvent.Type.PROGRESS, 900, 1_000, 10_000, 1_500);
        // events arrive in order: once the next file shows, the events before it are shown too
        publish(IngestionEvent.Type.STARTED, 901, 0, 0, 0);
        page.awaitStatus("synthetic-901.csv", "RUNNING");

        // then it says it is finishing, still RUNNING, at the rate of its reading
        WebElement row = page.awaitStatus("synthetic-900.csv", "RUNNING");
        assertThat(row.getDomAttribute("data-phase")).isEqualTo("finishing");
        assertThat(page.cellOf("synthetic-900.csv", "bytes")).startsWith("finishing: building indexes");
        assertThat(page.cellOf("synthetic-900.csv", "rate")).isEqualTo("6,000");
        assertThat(row.findElement(By.cssSelector(".fill")).getDomAttribute("class")).contains("finishing");
    }

    @Test
    void should_show_the_same_start_and_rate_live_as_after_a_reload_a_duplicate_included() throws Exception {
        // given the page live while a file and then a copy of it land
        page.openLive(fx);
        fx.dropTrips("first.csv", 20_000, 0, 64);
        page.awaitStatus("first.csv", "COMPLETED");
        fx.dropTrips("copy.csv", 20_000, 0, 64);
        page.awaitStatus("copy.csv", "DUPLICATE");
        String live = browser.getWindowHandle();

        // when another tab loads the page afresh
        browser.switchTo().newWindow(WindowType.TAB);
        page.openLive(fx);
        page.awaitStatus("copy.csv", "DUPLICATE");
        List<String> reloaded = cells();
        assertThat(page.cellOf("copy.csv", "started")).isNotBlank();

        // then the live tab shows the same started times and rates
        browser.switchTo().window(live);
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> cells().equals(reloaded));
    }

    @Test
    void should_load_the_page_without_a_console_error() throws Exception {
        page.openLive(fx);
        page.awaitText(By.id("weekly-region"), "no regions yet");

        List<LogEntry> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(errors).isEmpty();
    }

    private List<String> cells() {
        return List.of(page.cellOf("first.csv", "started"), page.cellOf("first.csv", "rate"),
                page.cellOf("copy.csv", "started"), page.cellOf("copy.csv", "rate"));
    }

    private void publish(IngestionEvent.Type type, long id, long bytesRead, long rowsLoaded, double rowsPerSecond) {
        IngestionEvent event = new IngestionEvent(type, id, "inbox", "synthetic-" + id + ".csv", rowsLoaded, rowsLoaded,
                0, bytesRead, 1_000L, rowsPerSecond, Instant.now(), null);
        fx.app.vertx().eventBus().publish(IngestionEvents.ADDRESS, new JsonObject(event.asMap()));
    }

    private void awaitTerminalInDatabase(int count) {
        await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count(
                "SELECT count(*) FROM ingestion WHERE status IN ('COMPLETED','FAILED','DUPLICATE')") >= count);
    }
}
