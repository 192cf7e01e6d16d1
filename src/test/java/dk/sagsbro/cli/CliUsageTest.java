package dk.sagsbro.cli;

import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.RawZip;
import dk.sagsbro.support.TestPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the client treats what a user types: misspellings are errors with a suggestion, every command has help,
 * settings come from the environment or a config file whose paths do not depend on the working directory, passwords
 * never from the command line, and usage errors, refusals and failures have exit codes of their own.
 */
class CliUsageTest {
    private static final String TRANSFER = "6f1c2a7e-5b0e-4d43-9a36-0d6f1f6d2a01";

    @Test
    void aMisspeltOptionIsAnErrorThatSuggestsTheRightOne() {
        CliRun run = CliRun.of("status", TRANSFER, "--gatway", "https://gateway.example");

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(run.err()).contains("Unknown options: '--gatway'", "--gateway", "sagsbro-cli status --help");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void noCommandListsTheCommands() {
        CliRun run = CliRun.of();

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(run.err()).contains("name a command", "verify-evidence", "hash-password", "Exit codes:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pack", "verify", "submit", "status", "list", "central", "receipt", "evidence",
            "verify-evidence", "inbox", "fetch", "ack", "hash-password"})
    void everyCommandHasItsHelp(String command) {
        CliRun asked = CliRun.of("help", command);
        CliRun flagged = CliRun.of(command, "--help");

        assertThat(asked.exitCode()).isZero();
        assertThat(asked.out()).startsWith("Usage: sagsbro-cli " + command).contains("-h, --help");
        assertThat(flagged.out()).isEqualTo(asked.out());
    }

    @Test
    void theTopLevelHelpDocumentsTheExitCodesAndTheSettings() {
        CliRun run = CliRun.of("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Exit codes:", "0   done", "1   refused or invalid", "2   usage error",
                "3   failed", "SAGSBRO_CLI_CONFIG", "SAGSBRO_P12_PASSWORD");
    }

    @Test
    void aPasswordOnTheCommandLineIsNotAccepted() {
        CliRun run = CliRun.of("pack", "--case", "c.json", "--documents", "d", "--out", "p.asice", "--p12", "x.p12",
                "--password", "secret");

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(run.err()).contains("Unknown options: '--password'");
    }

    @Test
    void aPkcs12FileWithoutAPasswordAtHandSaysHowToGiveIt(@TempDir Path work) throws Exception {
        Path folder = CliOfflineTest.caseFolder(work, TestPackets.handover("101", "165"));

        CliRun run = CliRun.of("pack", "--case", folder.resolve("case.json").toString(), "--documents",
                folder.resolve("documents").toString(), "--out", work.resolve("p.asice").toString(), "--p12",
                work.resolve("101.p12").toString());

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(run.err()).contains("SAGSBRO_P12_PASSWORD", "terminal");
        assertThat(work.resolve("p.asice")).doesNotExist();
    }

    @Test
    void withoutTrustAnchorsVerifySaysWhatIsMissingAndHowToGiveIt(@TempDir Path work) {
        Map<String, String> bare = Map.of("XDG_CONFIG_HOME", work.toString());

        CliRun run = CliRun.in(bare, "", "verify", "src/test/resources/fixtures/negative/digest-mismatch.asice");

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(run.err()).contains("--trust", "SAGSBRO_TRUST", "trust=FILE").doesNotContain("null");
    }

    @Test
    void aConfigFileGivesTheSettingsWithPathsFromItsOwnFolder(@TempDir Path work) throws Exception {
        Path settings = Files.createDirectories(work.resolve("settings"));
        Files.copy(Path.of("certs-example/ca.crt.pem"), settings.resolve("ca.pem"));
        Files.copy(Path.of("certs-example/registry.yaml"), settings.resolve("registry.yaml"));
        Files.writeString(settings.resolve("cli.properties"), "trust = ca.pem\nregistry = registry.yaml\n");
        Path folder = CliOfflineTest.caseFolder(work, TestPackets.handover("101", "165"));
        Path packet = work.resolve("packet.asice");
        CliOfflineTest.pack(folder, packet, "101");

        CliRun run = CliRun.in(Map.of("SAGSBRO_CLI_CONFIG", settings.resolve("cli.properties").toString()), "",
                "verify", packet.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("valid: signed by municipality 101");
    }

    @Test
    void theDefaultConfigFileIsFoundInTheUsersConfigFolder(@TempDir Path work) throws Exception {
        Path settings = Files.createDirectories(work.resolve("sagsbro"));
        Files.copy(Path.of("certs-example/ca.crt.pem"), settings.resolve("ca.pem"));
        Files.writeString(settings.resolve("cli.properties"), "trust=ca.pem\n");

        CliRun run = CliRun.in(Map.of("XDG_CONFIG_HOME", work.toString()), "", "verify-evidence",
                work.resolve("missing.p7m").toString());

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.FAILED);
        assertThat(run.err()).contains("no such file: " + work.resolve("missing.p7m"));
    }

    @Test
    void theEnvironmentWinsOverTheConfigFileAndTheCommandLineOverBoth(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("cli.properties"), "gateway=https://from-the-file.invalid\n");
        Map<String, String> environment = CliRun.exampleEnvironment();
        environment.put("SAGSBRO_CLI_CONFIG", work.resolve("cli.properties").toString());
        environment.put("SAGSBRO_CERT", "certs-example/municipalities/101.crt.pem");
        environment.put("SAGSBRO_KEY", "certs-example/municipalities/101.key.pem");

        CliRun fromFile = CliRun.in(environment, "", "status", TRANSFER);
        environment.put("SAGSBRO_GATEWAY", "https://from-the-environment.invalid");
        CliRun fromEnvironment = CliRun.in(environment, "", "status", TRANSFER);
        CliRun fromLine = CliRun.in(environment, "", "status", TRANSFER, "--gateway", "https://127.0.0.1:9");

        assertThat(fromFile.err()).contains("cannot reach the gateway at https://from-the-file.invalid");
        assertThat(fromEnvironment.err()).contains("cannot reach the gateway at https://from-the-environment.invalid");
        assertThat(fromLine.err()).contains("cannot reach the gateway at https://127.0.0.1:9");
        assertThat(fromLine.exitCode()).isEqualTo(SagsbroCli.FAILED);
        assertThat(fromLine.err()).doesNotContain("null");
    }

    @Test
    void aConfigFileWithAnUnknownSettingOrAPasswordIsRefused(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("typo.properties"), "gatway=https://gateway.example\n");
        Files.writeString(work.resolve("password.properties"), "p12=me.p12\np12-password=secret\n");

        CliRun typo = CliRun.in(Map.of("SAGSBRO_CLI_CONFIG", work.resolve("typo.properties").toString()), "",
                "inbox");
        CliRun password = CliRun.in(Map.of("SAGSBRO_CLI_CONFIG", work.resolve("password.properties").toString()), "",
                "inbox");
        CliRun missing = CliRun.in(Map.of("SAGSBRO_CLI_CONFIG", work.resolve("none.properties").toString()), "",
                "inbox");

        assertThat(typo.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(typo.err()).contains("unknown settings [gatway]");
        assertThat(password.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(password.err()).contains("passwords are never read from a file");
        assertThat(missing.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(missing.err()).contains("none.properties, which is not a file");
    }

    @Test
    void malformedArgumentsAreUsageErrors() {
        Map<String, String> environment = CliRun.exampleEnvironment();
        environment.put("SAGSBRO_CERT", "certs-example/municipalities/165.crt.pem");
        environment.put("SAGSBRO_KEY", "certs-example/municipalities/165.key.pem");

        CliRun notAnId = CliRun.in(environment, "", "status", "../../inbox");
        CliRun badKind = CliRun.in(environment, "", "ack", TRANSFER, "--kind", "RECIEVED");
        CliRun reasonMissing = CliRun.in(environment, "", "ack", TRANSFER, "--kind", "REJECTED");
        CliRun plainHttp = CliRun.in(environment, "", "inbox", "--gateway", "http://localhost:8443");
        CliRun halfAPair = CliRun.of("inbox", "--cert", "certs-example/municipalities/165.crt.pem");

        assertThat(notAnId.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(notAnId.err()).contains("TRANSFER-ID must be a UUID");
        assertThat(badKind.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(badKind.err()).contains("RECIEVED", "RECEIVED, TAKEN_OVER, REJECTED");
        assertThat(reasonMissing.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(reasonMissing.err()).contains("--kind REJECTED needs --reason");
        assertThat(plainHttp.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(plainHttp.err()).contains("must be an https:// address");
        assertThat(halfAPair.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(halfAPair.err()).contains("--cert needs --key");
    }

    @Test
    void aRefusedPacketIsNotAUsageError() {
        CliRun run = CliRun.of("verify", "src/test/resources/fixtures/negative/digest-mismatch.asice");

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.REFUSED).isNotEqualTo(SagsbroCli.USAGE);
    }

    @Test
    void aContainerWithoutMimetypeIsToldSo(@TempDir Path work) throws Exception {
        TestPackets.Parts parts = TestPackets.parts(TestPackets.handover("101", "165"), ExamplePki.municipality("101"));
        RawZip zip = new RawZip().deflated("case.json", parts.caseJson);
        parts.documents.forEach(zip::deflated);
        zip.deflated(parts.manifestName, parts.manifest).deflated(parts.signatureName, parts.signature);
        Path packet = Files.write(work.resolve("no-mimetype.asice"), zip.toBytes());

        CliRun run = CliRun.of("verify", packet.toString());

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.REFUSED);
        assertThat(run.out()).contains("the container has no 'mimetype' entry");
    }

    @Test
    void everyMimetypeFaultIsReportedAtOnce(@TempDir Path work) throws Exception {
        TestPackets.Parts parts = TestPackets.parts(TestPackets.handover("101", "165"), ExamplePki.municipality("101"));
        RawZip zip = new RawZip().deflated("case.json", parts.caseJson)
                .deflated("mimetype", "application/zip".getBytes(StandardCharsets.US_ASCII));
        parts.documents.forEach(zip::deflated);
        zip.deflated(parts.manifestName, parts.manifest).deflated(parts.signatureName, parts.signature);
        Path packet = Files.write(work.resolve("bad-mimetype.asice"), zip.toBytes());

        CliRun run = CliRun.of("verify", packet.toString());

        assertThat(run.exitCode()).isEqualTo(SagsbroCli.REFUSED);
        assertThat(run.out()).contains("must be the first entry; it is entry 2, after 'case.json'",
                "must be stored uncompressed", "must contain exactly '" + PacketVerifier.MEDIA_TYPE + "'");
    }
}
