package dk.sagsbro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The evidence bundle answers "who got what, when" for a transfer, verifiable offline with openssl and with the
 * command-line client; a changed byte is found.
 */
@QuarkusTest
class EvidenceBundleTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    record Opened(int exitCode, JsonNode content, String errors) {
    }

    /** {@code openssl cms -verify}, exactly as docs/evidence.md tells a reader to run it. */
    static Opened openssl(Path bundle) throws Exception {
        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-inform", "DER", "-in", bundle.toString(),
                "-CAfile", "certs-example/ca.crt.pem").start();
        byte[] content = openssl.getInputStream().readAllBytes();
        String errors = new String(openssl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = openssl.waitFor();
        return new Opened(exit, exit == 0 ? JSON.readTree(content) : null, errors);
    }

    String deliveredAndAcknowledged(GatewayClient sender, GatewayClient receiver) throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();
        HttpResponse<String> accepted = sender.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String digest = JSON.readTree(accepted.body()).get("packetDigest").asText();
        assertThat(receiver.getBytes("/api/v1/transfers/" + id + "/packet").statusCode()).isEqualTo(200);
        assertThat(receiver.acknowledge(id, "165", Map.of("transferId", id, "packetDigest", digest,
                "kind", "RECEIVED")).statusCode()).isEqualTo(201);
        return id;
    }

    @Test
    void theSenderGetsOneSignedBundleThatOpensslAndTheClientVerify(@TempDir Path work) throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        GatewayClient albertslund = GatewayClient.municipality(base, "165");
        String id = deliveredAndAcknowledged(copenhagen, albertslund);

        HttpResponse<byte[]> response = copenhagen.getBytes("/api/v1/transfers/" + id + "/evidence");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/pkcs7-mime");
        Path bundle = Files.write(work.resolve("evidence.p7m"), response.body());
        Opened opened = openssl(bundle);
        assertThat(opened.exitCode()).as(opened.errors()).isZero();
        JsonNode evidence = opened.content();
        assertThat(evidence.get("type").asText()).isEqualTo("sagsbro-evidence/v1");
        assertThat(evidence.at("/transfer/id").asText()).isEqualTo(id);
        assertThat(evidence.at("/transfer/policyVersion").asText()).isEqualTo("sagsbro-default-2026.2");
        assertThat(evidence.get("acknowledgements").findValuesAsText("kind")).containsExactly("RECEIVED");
        assertThat(evidence.get("timeline").findValuesAsText("type")).contains("RECEIVED", "DOWNLOADED", "DELIVERED",
                "ACKNOWLEDGED");
        assertThat(evidence.at("/audit/entries").findValuesAsText("action")).contains("READ_PACKET",
                "READ_EVIDENCE");
        // Who acted over the API is on record with the client certificate: submission, download, answer, export.
        for (JsonNode entry : evidence.at("/audit/entries")) {
            if (List.of("RECEIVED", "READ_PACKET", "ACKNOWLEDGED", "READ_EVIDENCE").contains(entry.get("action")
                    .asText())) {
                assertThat(entry.get("certificate").asText()).as(entry.toString()).contains(" #");
            }
        }

        // The receipts inside verify on their own too: the delivery receipt was signed at the first download.
        Path deliveryReceipt = Files.write(work.resolve("delivery.p7m"),
                Base64.getDecoder().decode(evidence.get("deliveryReceipt").asText()));
        Opened delivery = openssl(deliveryReceipt);
        assertThat(delivery.exitCode()).as(delivery.errors()).isZero();
        assertThat(delivery.content().get("type").asText()).isEqualTo("sagsbro-delivery-receipt/v1");
        assertThat(delivery.content().get("deliveredBy").asText()).isEqualTo("download by 165");
        assertThat(delivery.content().get("packetDigest").asText())
                .isEqualTo(evidence.at("/transfer/packetDigest").asText());

        CliRun verified = CliRun.of("verify-evidence", bundle.toString(), "--trust", "certs-example/ca.crt.pem");
        assertThat(verified.exitCode()).as(verified.err()).isZero();
        assertThat(verified.out()).startsWith("valid: evidence for transfer " + id)
                .contains("1 acknowledgement(s)");
    }

    @Test
    void aChangedByteAnywhereInTheBundleIsRefused(@TempDir Path work) throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        String id = deliveredAndAcknowledged(copenhagen, GatewayClient.municipality(base, "165"));
        byte[] bundle = copenhagen.getBytes("/api/v1/transfers/" + id + "/evidence").body();
        String text = new String(bundle, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\"ACKNOWLEDGED\"");
        assertThat(at).isPositive();
        bundle[at + 1] = 'a';
        Path forged = Files.write(work.resolve("forged.p7m"), bundle);

        CliRun refused = CliRun.of("verify-evidence", forged.toString(), "--trust", "certs-example/ca.crt.pem");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).startsWith("invalid: the bundle's signature");
        assertThat(openssl(forged).exitCode()).isNotZero();
    }

    @Test
    void onlyTheSenderAndTheReceiverGetABundle() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        String id = deliveredAndAcknowledged(copenhagen, GatewayClient.municipality(base, "165"));

        assertThat(GatewayClient.municipality(base, "165").getBytes("/api/v1/transfers/" + id + "/evidence")
                .statusCode()).isEqualTo(200);
        assertThat(GatewayClient.municipality(base, "751").getBytes("/api/v1/transfers/" + id + "/evidence")
                .statusCode()).isEqualTo(404);
    }
}
