package trips.web;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

/** What every browser test starts from: the app over a database of its own, a fresh headless Chromium, the page's waits. */
abstract class BrowserTest {

    AppFixture fx;
    ChromeDriver browser;
    DashboardPage page;
    private Path profile;

    @BeforeEach
    void startAppAndBrowser() throws Exception {
        fx = new AppFixture();
        profile = Files.createTempDirectory("trips-chromium");
        browser = Browser.start(profile);
        page = new DashboardPage(browser);
    }

    @AfterEach
    void stopBrowserAndApp() throws Exception {
        try {
            browser.quit();
        } finally {
            Folders.delete(profile);
            fx.close();
        }
    }
}
