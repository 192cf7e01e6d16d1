package dk.sagsbro.console;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.AxeCore;
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

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as its users meet it, in headless Chromium with a Danish browser: Danish words and readable labels,
 * English at the switch, a transfer found by its id, a list exported as CSV, a municipality filtered by its name, the
 * automatic reload announced and paused, and every page passing axe-core with no serious or critical violation.
 */
@QuarkusTest
@TestProfile(FailingReceiver.class)
class ConsoleForItsUsersTest extends ConsoleInBrowser {

    private String submitted(String sender, String receiver) {
        ObjectNode caseJson = TestPackets.handover(sender, receiver);
        assertThat(GatewayClient.municipality(base, sender)
                .submit(TestPackets.packed(caseJson, ExamplePki.municipality(sender))).statusCode()).isEqualTo(202);
        return caseJson.get("transferId").asText();
    }

    private void logIn() {
        browser.get(base.resolve("/console").toString());
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20), b -> b.findElement(By.id("username")))
                .sendKeys(ConsoleClient.OPERATOR);
        browser.findElement(By.id("password")).sendKeys(ConsoleClient.OPERATOR_PASSWORD);
        browser.findElement(By.id("login")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20), b -> b.findElement(By.id("operator")));
    }

    private void open(String path) {
        browser.get(base.resolve(path).toString());
    }

    @Test
    void theConsoleSpeaksDanishAndSwitchesToEnglish() {
        String id = submitted("101", "165");
        logIn();

        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("da");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overførselskøer");
        assertThat(browser.findElement(By.id("by-state")).getText()).contains("Modtaget")
                .doesNotContain("RECEIVED");
        open("/console/transfers/" + id);
        assertThat(browser.findElement(By.id("metadata")).getText()).contains("Art Overdragelse");
        assertThat(browser.findElement(By.id("deadlines")).getText()).contains("Levering",
                "Kvittering for modtagelse", "Overtagelse");

        HttpResponse<String> refused = ConsoleClient.operator(base, "da").post("/console/transfers/" + id + "/cancel",
                java.util.Map.of("reason", "Sagen er sendt ved en fejl, jf. CPR 0101154123"));
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("sæt flueben for at bekræfte handlingen",
                "begrundelsen må ikke indeholde et CPR-nummer").doesNotContain("0101154123");

        browser.findElement(By.id("language")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20),
                b -> "en".equals(b.findElement(By.tagName("html")).getAttribute("lang")) ? Boolean.TRUE : null);
        assertThat(browser.getCurrentUrl()).endsWith("/console/transfers/" + id);
        assertThat(browser.findElement(By.id("metadata")).getText()).contains("Kind Handover");
        open("/console");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Transfer queues");
        browser.findElement(By.id("language")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20),
                b -> "da".equals(b.findElement(By.tagName("html")).getAttribute("lang")) ? Boolean.TRUE : null);
    }

    @Test
    void aTransferIsFoundByItsIdAsPasted() {
        String id = submitted("101", "165");
        logIn();

        browser.findElement(By.id("search-id")).sendKeys("  " + id.toUpperCase() + " ");
        browser.findElement(By.id("search")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20),
                b -> b.getCurrentUrl().endsWith("/console/transfers/" + id) ? Boolean.TRUE : null);
        assertThat(browser.findElement(By.tagName("h1")).getText()).contains(id);

        String unknown = "00000000-0000-4000-8000-000000000000";
        browser.findElement(By.id("search-id")).sendKeys(unknown);
        browser.findElement(By.id("search")).click();
        assertThat(problemsSaying("Ingen overførsel har id'et "))
                .isEqualTo("Ingen overførsel har id'et " + unknown + ".");
        browser.findElement(By.id("search-id")).sendKeys("not-an-id");
        browser.findElement(By.id("search")).click();
        assertThat(problemsSaying("»not-an-id«")).contains("»not-an-id« er ikke et overførsels-id");
    }

    /**
     * The problems of the page the last search led to, once they mention {@code mentioning}: until that page has
     * loaded, the previous page's problems are still there (and go stale when it is replaced).
     */
    private String problemsSaying(String mentioning) {
        return HeadlessChromium.waitFor(browser, Duration.ofSeconds(20), b -> {
            String text = b.findElement(By.id("problems")).getText();
            return text.contains(mentioning) ? text : null;
        });
    }

    @Test
    void aMunicipalityIsFilteredByNameAndTheListExportsAsCsv() throws Exception {
        String toAarhus = submitted("101", "751");
        String toAlbertslund = submitted("101", "165");
        logIn();

        open("/console/transfers");
        browser.findElement(By.name("municipality")).sendKeys("aarhus");
        browser.findElement(By.cssSelector("form.filters button")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20),
                b -> b.getCurrentUrl().contains("municipality=") ? Boolean.TRUE : null);
        String listed = browser.findElement(By.id("transfers")).getAttribute("outerHTML");
        assertThat(listed).contains(toAarhus).doesNotContain(toAlbertslund);
        String csvLink = browser.findElement(By.id("csv")).getAttribute("href");
        assertThat(csvLink).contains("municipality=751");

        HttpResponse<String> csv = ConsoleClient.operator(base, "da").get(URI.create(csvLink).getRawPath() + "?"
                + URI.create(csvLink).getRawQuery());
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("attachment");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("\uFEFF\"id\";\"Modtaget\";\"Tilstand\";\"Frist\"");
        assertThat(csv.body()).contains("\"" + toAarhus + "\"").contains("\"Aarhus (751)\"")
                .doesNotContain(toAlbertslund);
        assertThat(lines).hasSizeGreaterThan(1).allSatisfy(line -> assertThat(line.split(";", -1)).hasSize(8));

        HttpResponse<String> english = ConsoleClient.operator(base, "en").get("/console/transfers.csv?state=RECEIVED");
        assertThat(english.body()).startsWith("\"id\",\"Received\",\"State\"").contains("\"Received\"");
        HttpResponse<String> wrong = ConsoleClient.operator(base, "en").get("/console/transfers.csv?municipality=Atlantis");
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("neither the name nor the code of one of the 98 municipalities: Atlantis");
    }

    @Test
    void theAutomaticReloadIsAnnouncedAndCanBePaused() {
        logIn();

        assertThat(browser.findElement(By.id("refresh-state")).getText())
                .contains("Siden genindlæses automatisk hvert 2. sekund.");
        assertThat(browser.findElements(By.cssSelector("body[data-refresh-seconds='2']"))).hasSize(1);
        browser.findElement(By.id("refresh-toggle")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20), b -> b.findElement(By.id("refresh-state"))
                .getText().contains("sat på pause") ? Boolean.TRUE : null);
        assertThat(browser.findElements(By.cssSelector("body[data-refresh-seconds]"))).isEmpty();
        open("/console");
        assertThat(browser.findElement(By.id("refresh-state")).getText()).contains("sat på pause");

        browser.findElement(By.id("refresh-toggle")).click();
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20), b -> b.findElement(By.id("refresh-state"))
                .getText().contains("hvert 2. sekund") ? Boolean.TRUE : null);
        assertThat(browser.findElements(By.cssSelector("body[data-refresh-seconds='2']"))).hasSize(1);
    }

    @Test
    void everyPagePassesAxeCoreWithNoSeriousOrCriticalViolation() throws Exception {
        String id = submitted("101", "165");
        submitted("751", "101");
        open("/console/login");
        List<String> found = new ArrayList<>(serious("/console/login"));
        found.addAll(serious("/console/tilgaengelighed"));
        logIn();
        for (String page : List.of("/console", "/console/transfers", "/console/transfers?standing=OVERDUE",
                "/console/transfers/" + id, "/console/transfers/" + id + "/cancel", "/console/outbox",
                "/console/chart", "/console/audit", "/console/subjects", "/console/tilgaengelighed",
                "/console/search?id=nope")) {
            found.addAll(serious(page));
        }

        assertThat(found).as("serious or critical accessibility violations").isEmpty();
        open("/console/tilgaengelighed");
        assertThat(browser.findElement(By.tagName("h1")).getText())
                .isEqualTo("Tilgængelighedserklæring for Sagsbros driftskonsol");
        assertThat(browser.findElement(By.id("statement")).getText()).contains("axe-core " + AxeCore.VERSION,
                "Digitaliseringsstyrelsen", "Feedback og kontakt");

        open("/console");
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(30), b -> b.findElements(By.cssSelector("#queues tr"))
                .size() > 1 ? Boolean.TRUE : null);
        Path screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(screenshot, Path.of("target/console-overview-da.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Every violation axe found, page by page: target/axe-report.txt, the report the closing check reads. */
    private final List<String> report = new ArrayList<>();

    private List<String> serious(String page) throws Exception {
        open(page);
        HeadlessChromium.waitFor(browser, Duration.ofSeconds(20), b -> b.findElement(By.tagName("h1")));
        List<AxeCore.Violation> violations = AxeCore.check(browser);
        report.add(page + ": " + violations.size() + " violation(s)");
        violations.forEach(v -> report.add("  " + v.rule() + " (" + v.impact() + ") " + v.help() + " at "
                + v.targets()));
        Files.write(Path.of("target/axe-report.txt"), report);
        return violations.stream()
                .filter(v -> v.impact().equals("serious") || v.impact().equals("critical"))
                .map(v -> page + ": " + v.rule() + " (" + v.impact() + ") " + v.help() + " at " + v.targets())
                .toList();
    }
}
