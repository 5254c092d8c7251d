package trips.web;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What the browser tests wait for on the dashboard page. */
final class DashboardPage {

    private final ChromeDriver browser;

    DashboardPage(ChromeDriver browser) {
        this.browser = browser;
    }

    /** Opens the page and waits until its event-bus bridge is live. */
    void openLive(AppFixture fx) {
        browser.get(fx.url("/"));
        awaitText(By.id("connection"), "live");
    }

    WebElement awaitStatus(String file, String status) {
        By row = By.cssSelector("tr[data-file='" + file + "'][data-status='" + status + "']");
        return new WebDriverWait(browser, Duration.ofMinutes(2)).until(d -> d.findElements(row).stream().findFirst()
                .orElse(null));
    }

    void awaitText(By element, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> text.equals(d.findElement(element).getText()));
    }

    void awaitShown(By element) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElement(element).isDisplayed());
    }

    /** A cell's text by its class in one ingestion's row. */
    String cellOf(String file, String cls) {
        return browser.findElement(By.cssSelector("tr[data-file='" + file + "'] ." + cls)).getText();
    }
}
