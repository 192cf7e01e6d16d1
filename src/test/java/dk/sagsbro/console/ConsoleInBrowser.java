package dk.sagsbro.console;

import io.quarkus.test.common.http.TestHTTPResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;

import java.net.URI;

/** A console test in headless Chromium set to Danish, as a Danish operator's browser is; one browser per test. */
abstract class ConsoleInBrowser {
    @TestHTTPResource(value = "/", tls = true)
    URI base;

    WebDriver browser;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start("da");
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }
}
