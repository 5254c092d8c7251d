package trips.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The weekly-average card in a real (headless) browser: its regions, its chart, its errors. */
class AnalyticsBrowserTest extends BrowserTest {

    @Test
    void should_offer_the_regions_of_a_file_as_soon_as_it_completes() throws Exception {
        // given the page live over an empty database
        page.openLive(fx);
        page.awaitText(By.id("weekly-region"), "no regions yet");

        // when a file completes
        fx.dropTrips("first.csv", 1_000, 0, 71);
        page.awaitStatus("first.csv", "COMPLETED");

        // then its regions are offered without a reload or a focus, and Show answers for one
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> browser.executeScript(
                "return Array.from(document.querySelectorAll('#weekly-region option')).map(o => o.value).join(',')")
                .equals("Hamburg,Prague,Turin"));
        browser.findElement(By.cssSelector("#weekly-form button[type=submit]")).click();
        page.awaitShown(By.id("weekly-result"));
        assertThat(browser.findElement(By.id("weekly-error")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("weekly-weeks")).getText()).isEqualTo("5");
    }

    @Test
    void should_label_the_chart_by_the_iso_weeks_of_its_bars() throws Exception {
        openOverMayTrips();

        showBox("50.2");

        // May 2018 touches ISO weeks 18 to 22; each label stands under its bar, the year on the first
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> chart().getDomAttribute("data-ticks") != null);
        assertThat(chart().getDomAttribute("data-ticks")).isEqualTo("2018-W18 W19 W20 W21 W22");
    }

    @Test
    void should_hide_the_previous_figures_when_the_next_query_fails() throws Exception {
        // given the figures of a box query on screen
        openOverMayTrips();
        showBox("50.2");
        page.awaitShown(By.id("weekly-result"));

        // when the next query is refused (no max lat)
        showBox("");

        // then the error shows alone, the figures of the previous query gone with their chart
        page.awaitShown(By.id("weekly-error"));
        assertThat(browser.findElement(By.id("weekly-error")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("weekly-result")).isDisplayed()).isFalse();
        assertThat(chart().isDisplayed()).isFalse();
    }

    @Test
    void should_keep_the_page_within_the_window_when_a_region_has_the_longest_name_allowed() throws Exception {
        // given a region named with the 200 characters a name may have, and a long file name
        String region = "R".repeat(200);
        String file = "a-file-name-as-long-as-partners-make-them-".repeat(4) + "trips.csv";
        fx.dropText(file, TripFiles.HEADER + "\n" + region + ",POINT (14.4 50.0),POINT (14.5 50.1),2018-05-28 09:03:40,funny_car\n");
        // and a failed file whose reason quotes a long word (its first line, here, a path-like token)
        fx.dropText("no-header.csv", "/srv/partner/exports/".repeat(12) + "trips\n");
        page.openLive(fx);
        page.awaitStatus(file, "COMPLETED");
        page.awaitStatus("no-header.csv", "FAILED");
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> browser.executeScript(
                "return document.querySelectorAll('#weekly-region option').length").equals(1L));

        // then nothing reaches past the window: the form, the files' table and its columns stay on screen
        assertThat((Long) browser.executeScript("return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo((Long) browser.executeScript("return window.innerWidth"));
    }

    /** The page live over a completed file of the test's trips, which all fall in May 2018. */
    private void openOverMayTrips() throws Exception {
        fx.dropTrips("may.csv", 1_000, 0, 72);
        page.openLive(fx);
        page.awaitStatus("may.csv", "COMPLETED");
    }

    /** A box around Prague, whose trips the test files put in May 2018. */
    private void showBox(String maxLat) {
        browser.findElement(By.cssSelector("input[name=kind][value=bbox]")).click();
        type("minLon", "14.3");
        type("minLat", "50.0");
        type("maxLon", "14.5");
        type("maxLat", maxLat);
        browser.findElement(By.cssSelector("#weekly-form button[type=submit]")).click();
    }

    private void type(String name, String value) {
        WebElement input = browser.findElement(By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    private WebElement chart() {
        return browser.findElement(By.id("weekly-chart"));
    }
}
