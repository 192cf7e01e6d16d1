package dk.sagsbro.api;

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

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** Submitting packets over the REST API and reading them back, on the embedded default database. */
@QuarkusTest
class IntakeApiTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sagsbro.data-dir")
    String dataDir;

    @org.eclipse.microprofile.config.inject.ConfigProperty(name = "sagsbro.payload-store.type", defaultValue = "directory")
    String payloadStoreType;

    @jakarta.inject.Inject
    dk.sagsbro.gateway.Database database;

    GatewayClient copenhagen;
    GatewayClient albertslund;
    GatewayClient aalborg;

    @BeforeEach
    void clients() {
        copenhagen = GatewayClient.municipality(base, "101");
        albertslund = GatewayClient.municipality(base, "165");
        aalborg = GatewayClient.municipality(base, "851");
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    String submitValid(ObjectNode caseJson) {
        HttpResponse<String> response = copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return caseJson.get("transferId").asText();
    }

    @Test
    void acceptsACompletePacketAndAnswersWithItsIdDigestAndLocation() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));

        HttpResponse<String> response = copenhagen.submit(packet);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode body = json(response);
        String id = caseJson.get("transferId").asText();
        assertThat(body.get("id").asText()).isEqualTo(id);
        assertThat(body.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(body.get("packetDigest").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(packet)));
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(
                location -> assertThat(location).endsWith("/api/v1/transfers/" + id));
    }

    @Test
    void theSignedReceiptVerifiesWithOpensslAndBindsIdDigestTimeAndPolicy(@org.junit.jupiter.api.io.TempDir Path work)
            throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        HttpResponse<String> accepted = copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));
        String id = caseJson.get("transferId").asText();

        HttpResponse<byte[]> receipt = copenhagen.getBytes("/api/v1/transfers/" + id + "/receipt");
        assertThat(receipt.statusCode()).isEqualTo(200);
        assertThat(receipt.headers().firstValue("Content-Type")).hasValue("application/pkcs7-mime");
        Path file = Files.write(work.resolve("receipt.p7m"), receipt.body());
        Process openssl = new ProcessBuilder("openssl", "cms", "-verify", "-inform", "DER", "-in", file.toString(),
                "-CAfile", "certs-example/ca.crt.pem").start();
        String content = new String(openssl.getInputStream().readAllBytes());
        String errors = new String(openssl.getErrorStream().readAllBytes());

        assertThat(openssl.waitFor()).as(errors).isZero();
        assertThat(errors).contains("Verification successful");
        JsonNode statement = JSON.readTree(content);
        assertThat(statement.get("transferId").asText()).isEqualTo(id);
        assertThat(statement.get("packetDigest").asText()).isEqualTo(json(accepted).get("packetDigest").asText());
        assertThat(statement.get("receivedAt").asText()).isEqualTo(json(accepted).get("receivedAt").asText());
        assertThat(statement.get("policyVersion").asText()).isEqualTo("sagsbro-default-2026.2");
    }

    @Test
    void acceptsAManifestWithSha512DigestsByReadingTheStoredPacketAgain() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        TestPackets.Parts parts = TestPackets.parts(caseJson, ExamplePki.municipality("101"));
        java.util.Map<String, byte[]> dataObjects = new java.util.LinkedHashMap<>();
        dataObjects.put("case.json", parts.caseJson);
        dataObjects.putAll(parts.documents);
        parts.manifest = TestPackets.manifest(dataObjects, dk.sagsbro.packet.DigestAlgorithm.SHA512,
                parts.signatureName);
        parts.signature = ExamplePki.municipality("101").signDetached(parts.manifest);

        HttpResponse<String> response = copenhagen.submit(parts.bytes());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void acceptsASupplementToAnEarlierTransferBetweenTheSameParties() throws Exception {
        String original = submitValid(TestPackets.handover("101", "165"));
        ObjectNode supplement = TestPackets.handover("101", "165");
        supplement.put("kind", "SUPPLEMENT");
        supplement.put("supplementTo", original);
        supplement.withArray("records").removeAll();
        TestPackets.addRecord(supplement.withArray("records"), "CASE_NOTE");

        String id = submitValid(supplement);

        JsonNode detail = json(copenhagen.get("/api/v1/transfers/" + id));
        assertThat(detail.get("kind").asText()).isEqualTo("SUPPLEMENT");
        assertThat(detail.get("supplementTo").asText()).isEqualTo(original);
        assertThat(json(copenhagen.get("/api/v1/transfers/" + original)).get("supplements").get(0).asText())
                .as("the original's detail lists its supplements").isEqualTo(id);
    }

    @Test
    void refusesASupplementToAnotherSendersTransfer() throws Exception {
        ObjectNode theirs = TestPackets.handover("751", "165");
        assertThat(GatewayClient.municipality(base, "751").submit(TestPackets.packed(theirs,
                ExamplePki.municipality("751"))).statusCode()).isEqualTo(202);
        ObjectNode supplement = TestPackets.handover("101", "165");
        supplement.put("kind", "SUPPLEMENT");
        supplement.put("supplementTo", theirs.get("transferId").asText());

        HttpResponse<String> response = copenhagen.submit(TestPackets.packed(supplement,
                ExamplePki.municipality("101")));

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(json(response).get("problems").findValuesAsText("type"))
                .containsExactly("https://sagsbro.dk/problems/supplement-target-unknown");
    }

    @Test
    void acceptsFourDigitMunicipalityCodesAndStoresThreeDigits() throws Exception {
        ObjectNode caseJson = TestPackets.handover("0101", "0165");
        String id = submitValid(caseJson);

        JsonNode detail = json(copenhagen.get("/api/v1/transfers/" + id));
        assertThat(detail.get("sender").asText()).isEqualTo("101");
        assertThat(detail.get("receiver").asText()).isEqualTo("165");
    }

    @Test
    void aSmallPacketIsKeptByItsTransfersCommitAndReadsBackByteForByte() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        Path payloads = Path.of(dataDir, "payloads");
        long rowsBefore = dk.sagsbro.support.PayloadFiles.inlineRows(database.dataSource());
        long filesBefore = dk.sagsbro.support.PayloadFiles.endingWith(payloads, ".enc");

        HttpResponse<String> accepted = copenhagen.submit(packet);

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        assertThat(dk.sagsbro.support.PayloadFiles.inlineRows(database.dataSource())).isEqualTo(rowsBefore + 1);
        assertThat(dk.sagsbro.support.PayloadFiles.endingWith(payloads, ".enc")).as("no file of its own")
                .isEqualTo(filesBefore);
        HttpResponse<byte[]> read = albertslund.getBytes("/api/v1/transfers/" + caseJson.get("transferId").asText()
                + "/packet");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(packet);
    }

    @Test
    void repeatingTheSameSubmissionReturnsTheOriginalAnswer() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        HttpResponse<String> first = copenhagen.submit(packet);
        Path payloads = Path.of(dataDir, "payloads");
        long storedBefore = dk.sagsbro.support.PayloadFiles.stored(payloads, database.dataSource());

        HttpResponse<String> again = copenhagen.submit(packet);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(json(again)).isEqualTo(json(first));
        assertThat(json(copenhagen.get("/api/v1/transfers/" + caseJson.get("transferId").asText()))
                .get("timeline")).hasSize(1);
        if (payloadStoreType.equals("directory")) {
            // the repeat's own copy of the packet, written while it was verified, is not kept
            assertThat(dk.sagsbro.support.PayloadFiles.stored(payloads, database.dataSource())).isEqualTo(storedBefore);
            assertThat(dk.sagsbro.support.PayloadFiles.endingWith(payloads, ".part")).isZero();
        }
    }

    @Test
    void onePacketSentFourTimesAtOnceIsStoredOnceAndEveryAnswerIsTheSame() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        Path payloads = Path.of(dataDir, "payloads");
        long storedBefore = dk.sagsbro.support.PayloadFiles.stored(payloads, database.dataSource());
        // four: as many uploads as one municipality may have under way at once
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<HttpResponse<String>> answers;
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                sent.add(senders.submit(() -> copenhagen.submit(packet)));
            }
            answers = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<HttpResponse<String>> answer : sent) {
                answers.add(answer.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            senders.shutdownNow();
        }

        JsonNode first = json(answers.get(0));
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
            assertThat(json(answer)).isEqualTo(first);
        }
        assertThat(json(copenhagen.get("/api/v1/transfers/" + caseJson.get("transferId").asText()))
                .get("timeline")).hasSize(1);
        if (payloadStoreType.equals("directory")) {
            // the three repeats' copies of the packet, each written while it was verified, are not kept
            assertThat(dk.sagsbro.support.PayloadFiles.stored(payloads, database.dataSource())).isEqualTo(storedBefore + 1);
            assertThat(dk.sagsbro.support.PayloadFiles.endingWith(payloads, ".part")).isZero();
        }
    }

    @Test
    void reusingATransferIdForOtherBytesIsAConflict() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        submitValid(caseJson);
        caseJson.put("urgent", true);

        HttpResponse<String> response = copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(response).get("type").asText()).isEqualTo("https://sagsbro.dk/problems/transfer-conflict");
    }

    @Test
    void showsStatusPartiesKindTimelineAndPolicyVersion() throws Exception {
        String id = submitValid(TestPackets.handover("101", "165"));

        JsonNode detail = json(copenhagen.get("/api/v1/transfers/" + id));

        assertThat(detail.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(detail.get("kind").asText()).isEqualTo("HANDOVER");
        assertThat(detail.get("policyVersion").asText()).isEqualTo("sagsbro-default-2026.2");
        assertThat(detail.get("childCount").asInt()).isEqualTo(1);
        assertThat(detail.get("timeline").get(0).get("type").asText()).isEqualTo("RECEIVED");
        assertThat(detail.toString()).doesNotContain(TestPackets.CHILD_1);
    }

    @Test
    void flagsAPacketSubmittedAfterTheMoveDateAsLate() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.put("moveDate", "2024-01-15");
        String id = submitValid(caseJson);

        JsonNode detail = json(copenhagen.get("/api/v1/transfers/" + id));

        assertThat(detail.get("submittedLate").asBoolean()).isTrue();
        assertThat(detail.get("timeline").findValuesAsText("type")).contains("SUBMITTED_LATE");
    }

    @Test
    void listsTransfersBySideAndStatusInPages() throws Exception {
        String id = submitValid(TestPackets.handover("101", "165"));

        JsonNode sent = json(copenhagen.get("/api/v1/transfers?role=sender&status=RECEIVED&size=200"));
        JsonNode received = json(albertslund.get("/api/v1/transfers?role=receiver&size=200"));
        JsonNode firstPage = json(copenhagen.get("/api/v1/transfers?role=sender&size=1"));

        assertThat(sent.get("items").findValuesAsText("id")).contains(id);
        assertThat(received.get("items").findValuesAsText("id")).contains(id);
        assertThat(firstPage.get("items")).hasSize(1);
        assertThat(firstPage.get("total").asLong()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void refusesAPageOutOfRangeWithAProblemNamingTheParameter() throws Exception {
        HttpResponse<String> response = copenhagen.get("/api/v1/transfers?page=2000000000&size=0");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = json(response);
        assertThat(problem.get("type").asText()).isEqualTo("https://sagsbro.dk/problems/request-invalid");
        assertThat(problem.get("problems").findValuesAsText("detail")).hasSize(2)
                .anyMatch(d -> d.startsWith("page")).anyMatch(d -> d.startsWith("size"));
    }

    @Test
    void refusesAnUnknownListRoleWithAProblem() throws Exception {
        HttpResponse<String> response = copenhagen.get("/api/v1/transfers?role=operator");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("type").asText()).isEqualTo("https://sagsbro.dk/problems/request-invalid");
    }

    @Test
    void aThirdMunicipalitySeesNothingOfATransferOnAnyEndpoint() throws Exception {
        String id = submitValid(TestPackets.handover("101", "165"));

        assertThat(aalborg.get("/api/v1/transfers/" + id).statusCode()).isEqualTo(404);
        assertThat(aalborg.get("/api/v1/transfers/" + id + "/receipt").statusCode()).isEqualTo(404);
        for (String role : new String[] {"sender", "receiver"}) {
            assertThat(json(aalborg.get("/api/v1/transfers?size=200&role=" + role)).get("items")
                    .findValuesAsText("id")).doesNotContain(id);
        }
        assertThat(json(aalborg.get("/api/v1/transfers/" + id)).get("type").asText())
                .isEqualTo(json(aalborg.get("/api/v1/transfers/" + java.util.UUID.randomUUID())).get("type").asText());
        assertThat(albertslund.get("/api/v1/transfers/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesACallWithoutAClientCertificate() {
        GatewayClient anonymous = new GatewayClient(base, null);

        assertThat(catchStatus(() -> anonymous.get("/api/v1/transfers").statusCode())).isNotEqualTo(200);
    }

    @Test
    void refusesAnExpiredClientCertificateAtTheTlsLayer() {
        GatewayClient expired = new GatewayClient(base, "municipalities/expired-147");

        assertThat(catchStatus(() -> expired.get("/api/v1/transfers").statusCode())).isNotEqualTo(200);
    }

    @Test
    void refusesABodyThatIsNotAContainerMediaType() throws Exception {
        HttpResponse<String> response = copenhagen.send(java.net.http.HttpRequest.newBuilder(
                        base.resolve("/api/v1/transfers")).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(json(response).get("type").asText())
                .isEqualTo("https://sagsbro.dk/problems/unsupported-media-type");
    }

    @Test
    void storesNoReadableCprNumberOrDocument() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        submitValid(caseJson);

        byte[] marker = "Sagsbro test document".getBytes();
        // the gateway's own files, and the object store's when the packets went there
        for (Path root : List.of(Path.of(dataDir), Path.of("target", "s3proxy"))) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (var files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".jar"))
                        .toList()) {
                    byte[] content = Files.readAllBytes(file);
                    assertThat(indexOf(content, TestPackets.CHILD_1.getBytes())).as(file.toString()).isEqualTo(-1);
                    assertThat(indexOf(content, marker)).as(file.toString()).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void logsNoCprNumberOrDocumentContent() throws Exception {
        ObjectNode invalid = TestPackets.handover("101", "165");
        ((ObjectNode) invalid.withArray("children").get(0)).put("cpr", "3102154123");
        copenhagen.submit(TestPackets.packed(invalid, ExamplePki.municipality("101")));
        submitValid(TestPackets.handover("101", "165"));

        String log = Files.readString(Path.of("target/test-gateway.log"));
        assertThat(log).contains("packet rejected", "cpr-invalid").doesNotContain("3102154123",
                TestPackets.CHILD_1, TestPackets.CUSTODIAN, "Sagsbro test document");
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static int catchStatus(java.util.concurrent.Callable<Integer> call) {
        try {
            return call.call();
        } catch (Exception e) {
            return -1;
        }
    }
}
