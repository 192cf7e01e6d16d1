package dk.sagsbro.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged client, {@code target/sagsbro-cli.jar}, run as a user runs it: as its own process, started from a
 * folder that is not the project's, with none of the project's settings in its environment.
 */
class CliJarIT {
    private static final Path JAR = Path.of("target", "sagsbro-cli.jar").toAbsolutePath();
    private static final List<String> COMMANDS = List.of("pack", "verify", "submit", "status", "list", "central",
            "receipt", "evidence", "verify-evidence", "inbox", "fetch", "ack", "hash-password");

    @TempDir
    Path elsewhere;

    record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = Stream.concat(Stream.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString()), Stream.of(args)).toList();
        Path out = elsewhere.resolve("out.txt");
        Path err = elsewhere.resolve("err.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("SAGSBRO_"));
        builder.environment().put("XDG_CONFIG_HOME", elsewhere.resolve("config").toString());
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        boolean ended = process.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            process.destroyForcibly();
        }
        assertThat(ended).as("the client ended").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void aMisspeltOptionFailsWithAClearMessage() throws Exception {
        Run run = run(Map.of(), "list", "--gatway", "https://gateway.example");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unknown options: '--gatway'", "Possible solutions: --gateway");
        assertThat(run.err()).doesNotContain("null", "Exception");
    }

    @Test
    void everyCommandHasHelp() throws Exception {
        Run top = run(Map.of(), "--help");
        assertThat(top.exitCode()).isZero();
        assertThat(top.out()).contains("Exit codes:");
        for (String command : COMMANDS) {
            Run help = run(Map.of(), "help", command);

            assertThat(help.exitCode()).as(command).isZero();
            assertThat(help.out()).as(command).startsWith("Usage: sagsbro-cli " + command);
            assertThat(top.out()).as(command).contains("  " + command + " ");
        }
    }

    @Test
    void theVersionIsThePackagesVersion() throws Exception {
        Run run = run(Map.of(), "--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("sagsbro-cli ").doesNotContain("development build");
    }

    @Test
    void outsideTheProjectVerifySaysWhichSettingIsMissing() throws Exception {
        Path fixture = Path.of("src/test/resources/fixtures/negative/digest-mismatch.asice").toAbsolutePath();

        Run run = run(Map.of(), "verify", fixture.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--trust FILE", "SAGSBRO_TRUST");
    }

    @Test
    void withAConfigFileVerifyRefusesABrokenPacketWithItsProblems() throws Exception {
        Path settings = Files.createDirectories(elsewhere.resolve("settings"));
        Files.copy(Path.of("certs-example/ca.crt.pem"), settings.resolve("ca.pem"));
        Files.copy(Path.of("certs-example/registry.yaml"), settings.resolve("registry.yaml"));
        Files.writeString(settings.resolve("cli.properties"), "trust=ca.pem\nregistry=registry.yaml\n");
        Path fixture = Path.of("src/test/resources/fixtures/negative/digest-mismatch.asice").toAbsolutePath();

        Run run = run(Map.of("SAGSBRO_CLI_CONFIG", settings.resolve("cli.properties").toString()), "verify",
                fixture.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("\"valid\" : false", "https://sagsbro.dk/problems/digest-mismatch");
    }
}
