package dk.sagsbro.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.TestPackets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's offline commands: pack a container, and verify it with the gateway's rules. */
class CliOfflineTest {

    static Path caseFolder(Path work, ObjectNode caseJson) throws Exception {
        Path folder = Files.createDirectories(work.resolve("case"));
        Files.write(folder.resolve("case.json"), TestPackets.json(caseJson));
        for (Map.Entry<String, byte[]> document : TestPackets.documentsFor(caseJson).entrySet()) {
            Path file = folder.resolve(document.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, document.getValue());
        }
        return folder;
    }

    static CliRun pack(Path folder, Path packet, String municipality) {
        return CliRun.of("pack", "--case", folder.resolve("case.json").toString(),
                "--documents", folder.resolve("documents").toString(), "--out", packet.toString(),
                "--cert", "certs-example/municipalities/" + municipality + ".crt.pem",
                "--key", "certs-example/municipalities/" + municipality + ".key.pem");
    }

    @Test
    void packsAContainerThatVerifies(@TempDir Path work) throws Exception {
        Path folder = caseFolder(work, TestPackets.handover("101", "165"));
        Path packet = work.resolve("packet.asice");

        CliRun packed = pack(folder, packet, "101");
        CliRun verified = CliRun.of("verify", packet.toString(), "--submitter", "101");

        assertThat(packed.exitCode()).as(packed.err()).isZero();
        assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
        assertThat(verified.out()).startsWith("valid: signed by municipality 101");
    }

    @Test
    void verifyListsEveryProblemOfABrokenContainer(@TempDir Path work) throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "999");
        caseJson.withArray("records").remove(0);
        Path folder = caseFolder(work, caseJson);
        Path packet = work.resolve("packet.asice");
        pack(folder, packet, "165");

        CliRun verified = CliRun.of("verify", packet.toString());

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.out()).contains("https://sagsbro.dk/problems/municipality-unknown",
                "https://sagsbro.dk/problems/signer-not-sender", "https://sagsbro.dk/problems/record-missing");
    }

    @Test
    void verifyRefusesAFixtureWithItsProblemType() {
        CliRun verified = CliRun.of("verify", "src/test/resources/fixtures/negative/digest-mismatch.asice");

        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.out()).contains("https://sagsbro.dk/problems/digest-mismatch", "documents/decision.txt");
    }

    @Test
    void packsWithPkcs12Credentials(@TempDir Path work) throws Exception {
        Path p12 = work.resolve("101.p12");
        Process openssl = new ProcessBuilder("openssl", "pkcs12", "-export", "-in",
                "certs-example/municipalities/101.crt.pem", "-inkey", "certs-example/municipalities/101.key.pem",
                "-out", p12.toString(), "-passout", "pass:example").start();
        assertThat(openssl.waitFor()).isZero();
        Path folder = caseFolder(work, TestPackets.handover("101", "165"));
        Path packet = work.resolve("packet.asice");

        Map<String, String> environment = CliRun.exampleEnvironment();
        environment.put("SAGSBRO_P12_PASSWORD", "example");
        CliRun packed = CliRun.in(environment, "", "pack", "--case", folder.resolve("case.json").toString(),
                "--documents", folder.resolve("documents").toString(), "--out", packet.toString(), "--p12",
                p12.toString());

        assertThat(packed.exitCode()).as(packed.err()).isZero();
        assertThat(CliRun.of("verify", packet.toString()).exitCode()).isZero();
    }

    @Test
    void explainsUsageForAnUnknownCommand() {
        CliRun run = CliRun.of("teleport");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Unmatched argument at index 0: 'teleport'", "Usage: sagsbro-cli");
    }
}
