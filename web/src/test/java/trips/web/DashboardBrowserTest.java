package trips.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real (headless) browser: it follows files live, without a reload, across a restart. */
class DashboardBrowserTest {

    private AppFixture fx;
    private Path profile;
    private ChromeDriver browser;
    private DashboardPage page;

    @BeforeEach
    void start() throws Exception {
        fx = new AppFixture();
        profile = Files.createTempDirectory("trips-chromium");
        browser = Browser.start(profile);
        page = new DashboardPage(browser);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            browser.quit();
        } finally {
            Folders.delete(profile);
            fx.close();
        }
    }

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

    private void awaitTerminalInDatabase(int count) {
        await().atMost(Duration.ofMinutes(1)).until(() -> fx.db.count(
                "SELECT count(*) FROM ingestion WHERE status IN ('COMPLETED','FAILED','DUPLICATE')") >= count);
    }
}
