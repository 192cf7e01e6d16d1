package dk.sagsbro.acknowledgement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pull delivery and signed acknowledgements: the receiver finds the transfer in its inbox, downloads the packet
 * byte for byte, and acknowledges it with statements signed with openssl.
 */
@QuarkusTest
class PullAndAcknowledgeTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @TempDir
    Path work;

    GatewayClient copenhagen;
    GatewayClient albertslund;
    GatewayClient aalborg;
    String id;
    byte[] packet;
    String digest;

    @BeforeEach
    void submitATransferFromCopenhagenToAlbertslund() throws Exception {
        copenhagen = GatewayClient.municipality(base, "101");
        albertslund = GatewayClient.municipality(base, "165");
        aalborg = GatewayClient.municipality(base, "851");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        id = caseJson.get("transferId").asText();
        packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        HttpResponse<String> accepted = copenhagen.submit(packet);
        assertThat(accepted.statusCode()).isEqualTo(202);
        digest = JSON.readTree(accepted.body()).get("packetDigest").asText();
    }

    JsonNode detail(GatewayClient client) throws Exception {
        return JSON.readTree(client.get("/api/v1/transfers/" + id).body());
    }

    /** A statement signed with openssl, as the receivers will make them. */
    byte[] signedWithOpenssl(String municipality, String statement) throws Exception {
        Path json = Files.writeString(work.resolve("ack-" + System.nanoTime() + ".json"), statement);
        Path signed = work.resolve(json.getFileName() + ".p7m");
        Process openssl = new ProcessBuilder("openssl", "cms", "-sign", "-nodetach", "-binary", "-md", "sha256",
                "-outform", "DER", "-in", json.toString(), "-out", signed.toString(),
                "-signer", ExamplePki.certificateFile("municipalities/" + municipality).toString(),
                "-inkey", ExamplePki.keyFile("municipalities/" + municipality).toString())
                .redirectErrorStream(true).start();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(openssl.exitValue()).as(output).isZero();
        return Files.readAllBytes(signed);
    }

    String statement(String kind) {
        return "{\"transferId\":\"" + id + "\",\"packetDigest\":\"" + digest + "\",\"kind\":\"" + kind + "\"}";
    }

    HttpResponse<String> acknowledge(GatewayClient client, byte[] signed) {
        return client.send(HttpRequest.newBuilder(base.resolve("/api/v1/transfers/" + id + "/acknowledgements"))
                .header("Content-Type", "application/pkcs7-mime")
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> download(GatewayClient client) {
        return client.getBytes("/api/v1/transfers/" + id + "/packet");
    }

    static String problemType(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body()).get("type").asText().replace("https://sagsbro.dk/problems/", "");
    }

    @Test
    void theReceiverFindsTheTransferInItsInboxAndNoOneElseDoes() throws Exception {
        assertThat(albertslund.inboxLists(id)).isTrue();
        assertThat(aalborg.inboxLists(id)).isFalse();
        assertThat(copenhagen.inboxLists(id)).isFalse();
    }

    @Test
    void theDownloadIsByteIdenticalAndTheFirstOneDelivers() throws Exception {
        HttpResponse<byte[]> first = download(albertslund);
        HttpResponse<byte[]> second = download(albertslund);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(packet);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(second.body())))
                .isEqualTo(digest);
        assertThat(first.headers().firstValue("Repr-Digest")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("sha-256=:"));
        JsonNode detail = detail(copenhagen);
        assertThat(detail.get("status").asText()).isEqualTo("DELIVERED");
        assertThat(detail.get("timeline").findValuesAsText("type")).containsExactly("RECEIVED", "DOWNLOADED",
                "DELIVERED", "DOWNLOADED");
    }

    @Test
    void onlyTheReceiverMayDownload() {
        assertThat(download(copenhagen).statusCode()).isEqualTo(403);
        assertThat(download(aalborg).statusCode()).isEqualTo(404);
    }

    @Test
    void acknowledgementsSignedWithOpensslMoveTheTransferOnAndTheSenderSeesThem() throws Exception {
        download(albertslund);
        byte[] received = signedWithOpenssl("165", statement("RECEIVED"));

        HttpResponse<String> recorded = acknowledge(albertslund, received);
        HttpResponse<String> takenOver = acknowledge(albertslund, signedWithOpenssl("165", statement("TAKEN_OVER")));

        assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
        assertThat(JSON.readTree(recorded.body()).get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(takenOver.statusCode()).as(takenOver.body()).isEqualTo(201);
        assertThat(JSON.readTree(takenOver.body()).get("status").asText()).isEqualTo("TAKEN_OVER");
        JsonNode detail = detail(copenhagen);
        assertThat(detail.get("status").asText()).isEqualTo("TAKEN_OVER");
        assertThat(detail.get("timeline").findValuesAsText("type")).contains("ACKNOWLEDGED", "TAKEN_OVER");
        assertThat(detail.get("acknowledgements").findValuesAsText("kind")).containsExactly("RECEIVED", "TAKEN_OVER");
        String location = recorded.headers().firstValue("Location").orElseThrow();
        assertThat(copenhagen.getBytes(URI.create(location).getPath()).body()).isEqualTo(received);
        assertThat(albertslund.inboxLists(id)).isFalse();
    }

    @Test
    void aRejectionNamesItsReasonAndTheRightMunicipality() throws Exception {
        download(albertslund);
        String rejection = "{\"transferId\":\"" + id + "\",\"packetDigest\":\"" + digest + "\",\"kind\":\"REJECTED\","
                + "\"reasonCode\":\"WRONG_MUNICIPALITY\",\"reasonText\":\"The family lives in Aarhus\","
                + "\"rightMunicipality\":\"0751\"}";

        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("165", rejection));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode acknowledgement = detail(copenhagen).get("acknowledgements").get(0);
        assertThat(acknowledgement.get("reasonCode").asText()).isEqualTo("WRONG_MUNICIPALITY");
        assertThat(acknowledgement.get("rightMunicipality").asText()).isEqualTo("751");
        assertThat(detail(copenhagen).get("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void refusesARejectionWhoseReasonCarriesACprNumber() throws Exception {
        download(albertslund);
        String rejection = "{\"transferId\":\"" + id + "\",\"packetDigest\":\"" + digest + "\",\"kind\":\"REJECTED\","
                + "\"reasonCode\":\"NOT_RESIDENT\",\"reasonText\":\"Barnet " + TestPackets.CHILD_1 + " bor ikke her\"}";

        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("165", rejection));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(problemType(response)).isEqualTo("acknowledgement-invalid");
        assertThat(response.body()).contains("must not contain a CPR number").doesNotContain(TestPackets.CHILD_1);
        assertThat(detail(copenhagen).get("status").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesAnAcknowledgementSignedByAnotherMunicipality() throws Exception {
        download(albertslund);

        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("851", statement("RECEIVED")));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(problemType(response)).isEqualTo("signer-not-receiver");
        assertThat(detail(copenhagen).get("status").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void refusesAnAcknowledgementWithAnotherPacketDigest() throws Exception {
        download(albertslund);
        String wrong = statement("RECEIVED").replace(digest, "0".repeat(64));

        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("165", wrong));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(problemType(response)).isEqualTo("acknowledgement-digest-mismatch");
    }

    @Test
    void refusesAnAcknowledgementForAnotherTransfer() throws Exception {
        download(albertslund);
        String other = statement("RECEIVED").replace(id, java.util.UUID.randomUUID().toString());

        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("165", other));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(problemType(response)).isEqualTo("acknowledgement-wrong-transfer");
    }

    @Test
    void refusesAReplayedAcknowledgement() throws Exception {
        download(albertslund);
        byte[] received = signedWithOpenssl("165", statement("RECEIVED"));
        assertThat(acknowledge(albertslund, received).statusCode()).isEqualTo(201);

        HttpResponse<String> replay = acknowledge(albertslund, received);

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(problemType(replay)).isEqualTo("acknowledgement-replayed");
        assertThat(detail(copenhagen).get("acknowledgements")).hasSize(1);
    }

    @Test
    void aReplayAfterTheTransferMovedOnIsStillAReplayAndADifferentOneIsRefused() throws Exception {
        download(albertslund);
        byte[] received = signedWithOpenssl("165", statement("RECEIVED"));
        assertThat(acknowledge(albertslund, received).statusCode()).isEqualTo(201);
        assertThat(acknowledge(albertslund, signedWithOpenssl("165", statement("TAKEN_OVER"))).statusCode())
                .isEqualTo(201);

        HttpResponse<String> replay = acknowledge(albertslund, received);
        HttpResponse<String> different = acknowledge(albertslund, signedWithOpenssl("165", statement("RECEIVED")));

        assertThat(replay.statusCode()).isEqualTo(409);
        assertThat(problemType(replay)).isEqualTo("acknowledgement-replayed");
        assertThat(different.statusCode()).isEqualTo(409);
        assertThat(problemType(different)).isEqualTo("acknowledgement-wrong-state");
        assertThat(different.body()).contains("a different RECEIVED acknowledgement is already recorded");
        JsonNode detail = detail(copenhagen);
        assertThat(detail.get("status").asText()).isEqualTo("TAKEN_OVER");
        assertThat(detail.get("acknowledgements").findValuesAsText("kind")).containsExactly("RECEIVED", "TAKEN_OVER");
    }

    @Test
    void refusesAcknowledgementsInTheWrongState() throws Exception {
        HttpResponse<String> takenOverBeforeDelivery = acknowledge(albertslund,
                signedWithOpenssl("165", statement("TAKEN_OVER")));
        download(albertslund);
        HttpResponse<String> takenOverTooEarly = acknowledge(albertslund,
                signedWithOpenssl("165", statement("TAKEN_OVER")));

        assertThat(takenOverBeforeDelivery.statusCode()).isEqualTo(409);
        assertThat(problemType(takenOverBeforeDelivery)).isEqualTo("acknowledgement-wrong-state");
        assertThat(takenOverTooEarly.statusCode()).isEqualTo(409);
        assertThat(problemType(takenOverTooEarly)).isEqualTo("acknowledgement-wrong-state");
        assertThat(detail(copenhagen).get("status").asText()).isEqualTo("DELIVERED");
    }

    @Test
    void aReceivedAcknowledgementThatOvertakesTheRecordedDeliveryDeliversAndAcknowledges() throws Exception {
        // As when a pushed-to receiver answers before the gateway has recorded the push.
        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("165", statement("RECEIVED")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(JSON.readTree(response.body()).get("status").asText()).isEqualTo("ACKNOWLEDGED");
        JsonNode detail = detail(copenhagen);
        assertThat(detail.get("status").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(detail.get("timeline").findValuesAsText("type")).containsSubsequence("RECEIVED", "DELIVERED",
                "ACKNOWLEDGED");
        // its delivery receipt was signed in the acknowledgement's transaction, and says so
        JsonNode evidence = JSON.readTree((byte[]) new org.bouncycastle.cms.CMSSignedData(
                copenhagen.getBytes("/api/v1/transfers/" + id + "/evidence").body()).getSignedContent().getContent());
        JsonNode receipt = JSON.readTree((byte[]) new org.bouncycastle.cms.CMSSignedData(java.util.Base64.getDecoder()
                .decode(evidence.get("deliveryReceipt").asText())).getSignedContent().getContent());
        assertThat(receipt.get("transferId").asText()).isEqualTo(id);
        assertThat(receipt.get("packetDigest").asText()).isEqualTo(digest);
        assertThat(receipt.get("deliveredBy").asText()).isEqualTo("the receiver's signed RECEIVED acknowledgement");
    }

    @Test
    void onlyTheReceiverMayAcknowledge() throws Exception {
        download(albertslund);

        assertThat(acknowledge(copenhagen, signedWithOpenssl("101", statement("RECEIVED"))).statusCode())
                .isEqualTo(403);
        assertThat(acknowledge(aalborg, signedWithOpenssl("851", statement("RECEIVED"))).statusCode())
                .isEqualTo(404);
    }

    @Test
    void refusesARejectionWithoutAReason() throws Exception {
        download(albertslund);

        HttpResponse<String> response = acknowledge(albertslund, signedWithOpenssl("165", statement("REJECTED")));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(problemType(response)).isEqualTo("acknowledgement-invalid");
    }
}
