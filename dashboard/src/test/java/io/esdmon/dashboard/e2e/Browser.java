package io.esdmon.dashboard.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Debian Chromium driven by Debian's chromedriver, both named explicitly so that nothing
 * is downloaded. Missing binaries fail the test when CI=true and skip it, saying why, otherwise.
 * Public for app's browser tests of the real {@code esdmon serve} (the dashboard's test-jar).
 */
public final class Browser {

    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private Browser() {
    }

    public static ChromeDriver start() throws IOException {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute()) {
            String why = "browser tests need " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (Debian: apt-get install chromium chromium-driver)";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + "; CI=true, so this is a failure");
            }
            Assumptions.abort(why + "; skipped (set CI=true to make this a failure)");
        }
        Path profile = Files.createTempDirectory("esdmon-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM);
        o.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1500", "--disable-dev-shm-usage");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, o);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    /** Quits the browser (if it started) and closes the rest, skipping what was never made. */
    public static void quitAndClose(ChromeDriver driver, AutoCloseable... others) throws Exception {
        if (driver != null) {
            driver.quit();
        }
        for (AutoCloseable c : others) {
            if (c != null) {
                c.close();
            }
        }
    }

    public static Path screenshot(ChromeDriver driver, String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path out = SCREENSHOTS.resolve(name + ".png");
        Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        return out;
    }
}
