package dk.sagsbro.console;

import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.FluentWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Debian's headless Chromium through its ChromeDriver, with a browser language, for the console's browser tests. */
final class HeadlessChromium {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    private HeadlessChromium() {
    }

    /** @param language what the browser asks for in Accept-Language, as a Danish or English user's would */
    static WebDriver start(String language) throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && System.getenv("CI") != null) {
            throw new IllegalStateException("CI must install chromium and chromium-driver (.ci/run does)");
        }
        assumeTrue(installed, "chromium and chromium-driver are not installed (apt-get install chromium "
                + "chromium-driver); CI installs them");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,1000", "--lang=" + language, "--accept-lang=" + language,
                // The gateway's certificate comes from the example CA, which this throw-away profile does not know.
                "--ignore-certificate-errors",
                "--user-data-dir=" + Files.createTempDirectory("sagsbro-chromium"));
        options.setExperimentalOption("prefs", Map.of("intl.accept_languages", language));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** Waits for a condition of the page, through reloads and re-renders. */
    static <T> T waitFor(WebDriver browser, Duration timeout, Function<WebDriver, T> condition) {
        return new FluentWait<>(browser).withTimeout(timeout).pollingEvery(Duration.ofMillis(250))
                .ignoring(NoSuchElementException.class).ignoring(StaleElementReferenceException.class)
                .until(condition);
    }
}
