package dk.sagsbro.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The axe-core accessibility engine, fetched once from npm at the pinned version (npm checks the package's
 * integrity) into target/, and run in a page of a WebDriver browser.
 */
public final class AxeCore {
    public static final String VERSION = "4.14.1";
    private static final Path HOME = Path.of("target", "axe-core");

    private AxeCore() {
    }

    /** One rule a page breaks, with how badly and where. */
    public record Violation(String rule, String impact, String help, List<String> targets) {
    }

    /** The engine's source; the test is skipped without npm, except under CI, which must have it. */
    public static synchronized String script() throws IOException, InterruptedException {
        Path script = HOME.resolve("package").resolve("axe.min.js");
        if (!Files.isRegularFile(script)) {
            Files.createDirectories(HOME);
            boolean npm = run(List.of("npm", "--version"), HOME);
            if (!npm && System.getenv("CI") != null) {
                throw new IllegalStateException("CI must have npm for the accessibility check (.ci/run installs it)");
            }
            assumeTrue(npm, "npm is not installed: the accessibility check needs it to fetch axe-core");
            if (!run(List.of("npm", "pack", "axe-core@" + VERSION, "--silent"), HOME)
                    || !run(List.of("tar", "xzf", "axe-core-" + VERSION + ".tgz"), HOME)) {
                throw new IllegalStateException("could not fetch axe-core " + VERSION + " with npm");
            }
        }
        return Files.readString(script, StandardCharsets.UTF_8);
    }

    /** Runs axe on the page the browser shows, for WCAG 2.0–2.2 A and AA; every violation it finds. */
    public static List<Violation> check(WebDriver browser) throws IOException, InterruptedException {
        JavascriptExecutor page = (JavascriptExecutor) browser;
        page.executeScript(script());
        Object raw = page.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
                + " 'wcag22aa']}}).then(r => done(JSON.stringify(r.violations)), e => done('error: ' + e));");
        String answer = String.valueOf(raw);
        if (answer.startsWith("error: ")) {
            throw new IllegalStateException("axe-core failed: " + answer);
        }
        List<Violation> violations = new ArrayList<>();
        for (JsonNode violation : new ObjectMapper().readTree(answer)) {
            List<String> targets = new ArrayList<>();
            violation.path("nodes").forEach(node -> targets.add(node.path("target").toString()));
            violations.add(new Violation(violation.path("id").asText(), violation.path("impact").asText(),
                    violation.path("help").asText(), targets));
        }
        return violations;
    }

    private static boolean run(List<String> command, Path directory) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(5, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }
}
