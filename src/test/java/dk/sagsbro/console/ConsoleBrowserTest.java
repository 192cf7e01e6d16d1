package dk.sagsbro.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in headless Chromium (Debian's chromium and chromium-driver, which .ci/run installs): an operator logs
 * in, sees a transfer to a receiver that is down go overdue in the queue on the overview (which reloads by itself),
 * brings the receiver back, retries the delivery with a reason, and sees the transfer delivered. The browser asks for
 * Danish, as a Danish operator's does.
 */
@QuarkusTest
@TestProfile(FailingReceiver.class)
class ConsoleBrowserTest extends ConsoleInBrowser {

    @Test
    void anOperatorSeesAnOverdueTransferInTheQueueRetriesItAndSeesItDelivered() throws Exception {
        FailingReceiver.receiverDown();
        browser.get(base.resolve("/console").toString());
        assertThat(browser.getCurrentUrl()).endsWith("/console/login");
        browser.findElement(By.id("username")).sendKeys(ConsoleClient.OPERATOR);
        browser.findElement(By.id("password")).sendKeys(ConsoleClient.OPERATOR_PASSWORD);
        browser.findElement(By.id("login")).click();
        waitFor(Duration.ofSeconds(20), b -> b.getCurrentUrl().endsWith("/console"));
        assertThat(browser.findElement(By.id("operator")).getText()).isEqualTo(ConsoleClient.OPERATOR);

        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();
        assertThat(GatewayClient.municipality(base, "101")
                .submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode()).isEqualTo(202);
        // Other queues beside it, for a realistic overview (and its screenshot in docs/).
        for (String[] pair : new String[][] {{"751", "101"}, {"101", "751"}, {"851", "461"}}) {
            assertThat(GatewayClient.municipality(base, pair[0]).submit(TestPackets.packed(
                    TestPackets.handover(pair[0], pair[1]), ExamplePki.municipality(pair[0]))).statusCode())
                    .isEqualTo(202);
        }

        // No navigation: the overview reloads itself until Albertslund's queue shows an overdue transfer.
        WebElement overdueInQueue = waitFor(Duration.ofSeconds(30), b -> b.findElements(By.cssSelector(
                "#queues tr.late")).stream().filter(row -> row.getText().contains("Albertslund (165)")).findFirst()
                .orElse(null));
        assertThat(overdueInQueue.getText()).contains("Albertslund (165)");
        Path screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(screenshot, Path.of("target/console-overview.png"), StandardCopyOption.REPLACE_EXISTING);

        overdueInQueue.findElement(By.cssSelector("a[href*='standing=OVERDUE']")).click();
        waitFor(Duration.ofSeconds(20), b -> b.findElement(By.cssSelector("#transfers tr[data-id='" + id + "'] a")))
                .click();
        WebElement state = waitFor(Duration.ofSeconds(20), b -> b.findElement(By.id("state")));
        assertThat(state.getAttribute("data-state")).isEqualTo("RECEIVED");
        assertThat(state.getText()).isEqualTo("Modtaget");
        assertThat(browser.findElement(By.id("standing")).getText()).isEqualTo("Overskredet");
        assertThat(events()).contains("DELIVERY_ATTEMPT_FAILED", "DEADLINE_OVERDUE");
        assertThat(browser.findElements(By.cssSelector("#timeline td.event")).stream().map(WebElement::getText))
                .contains("Leveringsforsøg mislykkedes", "Frist overskredet");
        assertThat(browser.getPageSource()).doesNotContain(TestPackets.CHILD_1).doesNotContain(TestPackets.CHILD_2)
                .contains("maskeret");

        // Only once pushing has stopped at the deadline does the receiver come back: then nothing but the
        // operator's retry can deliver the transfer.
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        waitFor(Duration.ofSeconds(20), b -> {
            try {
                return new com.fasterxml.jackson.databind.ObjectMapper().readTree(copenhagen.get(
                        "/api/v1/transfers/" + id).body()).get("timeline").findValuesAsText("type")
                        .contains("DELIVERY_SWITCHED_TO_INBOX") ? Boolean.TRUE : null;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        FailingReceiver.receiverUp();
        browser.navigate().refresh();
        assertThat(events()).contains("DELIVERY_SWITCHED_TO_INBOX");
        assertThat(browser.findElement(By.id("push")).getText()).contains("Ingen push i gang");
        browser.findElement(By.id("action-retry-delivery")).click();
        browser.findElement(By.id("reason")).sendKeys("Albertslund's case system is back after the outage");
        browser.findElement(By.id("confirmed")).click();
        browser.findElement(By.id("confirm")).click();
        // the click only starts the form's submission: wait for the answer's page
        assertThat(waitFor(Duration.ofSeconds(20), b -> b.findElement(By.id("done"))).getText())
                .contains("Prøv leveringen igen nu");

        waitFor(Duration.ofSeconds(15), b -> {
            b.navigate().refresh();
            return "DELIVERED".equals(b.findElement(By.id("state")).getAttribute("data-state")) ? Boolean.TRUE
                    : null;
        });
        assertThat(events()).contains("DELIVERY_RETRY_REQUESTED", "DELIVERED");
        String retry = browser.findElements(By.cssSelector("#timeline tr")).stream()
                .filter(row -> !row.findElements(By.cssSelector("td[data-type='DELIVERY_RETRY_REQUESTED']")).isEmpty())
                .map(WebElement::getText).findFirst().orElseThrow();
        assertThat(retry).contains("operator:operator").contains("back after the outage");
        FailingReceiver.receiver.verify(postRequestedFor(urlEqualTo("/albertslund"))
                .withHeader("Sagsbro-Transfer-Id", equalTo(id)));
    }

    /** The timeline's event types, as the page marks them (its text is their Danish label). */
    private List<String> events() {
        return browser.findElements(By.cssSelector("#timeline td.event")).stream()
                .map(e -> e.getAttribute("data-type")).toList();
    }

    private <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
        return HeadlessChromium.waitFor(browser, timeout, condition);
    }
}
