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

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A transfer rejected as sent to the wrong municipality is redirected by its sender, keeping one chain of custody. */
@QuarkusTest
class RedirectTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    GatewayClient copenhagen;
    GatewayClient albertslund;
    GatewayClient aarhus;
    String id;
    byte[] packet;
    String digest;

    @BeforeEach
    void submitAndDownload() throws Exception {
        copenhagen = GatewayClient.municipality(base, "101");
        albertslund = GatewayClient.municipality(base, "165");
        aarhus = GatewayClient.municipality(base, "751");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        id = caseJson.get("transferId").asText();
        packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        digest = JSON.readTree(copenhagen.submit(packet).body()).get("packetDigest").asText();
        assertThat(albertslund.getBytes("/api/v1/transfers/" + id + "/packet").statusCode()).isEqualTo(200);
    }

    HttpResponse<String> reject(String reasonCode, String rightMunicipality) {
        Map<String, String> statement = new java.util.LinkedHashMap<>(Map.of("transferId", id, "packetDigest", digest,
                "kind", "REJECTED", "reasonCode", reasonCode, "reasonText", "Familien bor ikke her"));
        if (rightMunicipality != null) {
            statement.put("rightMunicipality", rightMunicipality);
        }
        return albertslund.acknowledge(id, "165", statement);
    }

    HttpResponse<String> redirect(GatewayClient client, String body) {
        return client.send(HttpRequest.newBuilder(base.resolve("/api/v1/transfers/" + id + "/redirect"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode detail(GatewayClient client, String transferId) throws Exception {
        return JSON.readTree(client.get("/api/v1/transfers/" + transferId).body());
    }

    HttpResponse<String> redirectOf(GatewayClient client, String transferId, String body) {
        return client.send(HttpRequest.newBuilder(base.resolve("/api/v1/transfers/" + transferId + "/redirect"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The receiver rejects because the family has moved on, naming where to, and forwards the transfer there. */
    String movesOn(GatewayClient receiver, String code, String transferId, String to) throws Exception {
        assertThat(receiver.getBytes("/api/v1/transfers/" + transferId + "/packet").body()).isEqualTo(packet);
        assertThat(receiver.acknowledge(transferId, code, Map.of("transferId", transferId, "packetDigest", digest,
                "kind", "REJECTED", "reasonCode", "NOT_RESIDENT", "reasonText", "Familien er flyttet videre",
                "rightMunicipality", to)).statusCode()).isEqualTo(201);
        HttpResponse<String> forwarded = redirectOf(receiver, transferId, "{}");
        assertThat(forwarded.statusCode()).as(forwarded.body()).isEqualTo(201);
        String next = JSON.readTree(forwarded.body()).get("id").asText();
        assertThat(detail(copenhagen, next).get("receiver").asText()).isEqualTo(to);
        return next;
    }

    @Test
    void familyMovesOnTwiceBeforeTakeover() throws Exception {
        GatewayClient aalborg = GatewayClient.municipality(base, "851");

        String second = movesOn(albertslund, "165", id, "751");
        String third = movesOn(aarhus, "751", second, "851");

        assertThat(aalborg.getBytes("/api/v1/transfers/" + third + "/packet").body()).isEqualTo(packet);
        assertThat(aalborg.acknowledge(third, "851", Map.of("transferId", third, "packetDigest", digest,
                "kind", "RECEIVED")).statusCode()).isEqualTo(201);
        assertThat(aalborg.acknowledge(third, "851", Map.of("transferId", third, "packetDigest", digest,
                "kind", "TAKEN_OVER")).statusCode()).isEqualTo(201);

        // One chain of custody, as the sender sees it: each hop names the one before and the one after.
        assertThat(detail(copenhagen, id).get("status").asText()).isEqualTo("REDIRECTED");
        assertThat(detail(copenhagen, second).get("redirectedFrom").asText()).isEqualTo(id);
        assertThat(detail(copenhagen, second).get("status").asText()).isEqualTo("REDIRECTED");
        assertThat(detail(copenhagen, third).get("redirectedFrom").asText()).isEqualTo(second);
        assertThat(detail(copenhagen, third).get("status").asText()).isEqualTo("TAKEN_OVER");
        assertThat(detail(copenhagen, third).get("packetDigest").asText()).isEqualTo(digest);
        assertThat(detail(copenhagen, id).get("timeline").toString()).contains("to 751 as transfer " + second);
        assertThat(detail(copenhagen, second).get("timeline").toString()).contains("to 851 as transfer " + third);

        // Each earlier receiver sees its own hop and nothing after it.
        assertThat(albertslund.get("/api/v1/transfers/" + second).statusCode()).isEqualTo(404);
        assertThat(albertslund.get("/api/v1/transfers/" + third).statusCode()).isEqualTo(404);
        assertThat(aarhus.get("/api/v1/transfers/" + third).statusCode()).isEqualTo(404);
        assertThat(detail(albertslund, id).toString()).doesNotContain(second).doesNotContain(third);
        assertThat(detail(aarhus, second).toString()).doesNotContain(third);
        assertThat(aalborg.get("/api/v1/transfers/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void theReceiverForwardsOnlyWhereItsSignedRejectionPointsAndTheFirstReceiverNeverLearnsTheNextHop()
            throws Exception {
        assertThat(reject("NOT_RESIDENT", "751").statusCode()).isEqualTo(201);

        HttpResponse<String> elsewhere = redirect(albertslund, "{\"receiver\":\"851\"}");
        assertThat(elsewhere.statusCode()).isEqualTo(422);
        assertThat(elsewhere.body()).contains("redirect-target-invalid");

        // The sender knows better and sends it on to 851; the receiver then cannot learn that by forwarding.
        HttpResponse<String> bySender = redirect(copenhagen, "{\"receiver\":\"851\"}");
        assertThat(bySender.statusCode()).isEqualTo(201);
        HttpResponse<String> late = redirect(albertslund, "{}");
        assertThat(late.statusCode()).isEqualTo(409);
        String newId = JSON.readTree(bySender.body()).get("id").asText();
        assertThat(late.body()).doesNotContain("\"851\"").doesNotContain(newId);
        assertThat(detail(albertslund, id).toString()).doesNotContain("to 851").doesNotContain("\"851\"")
                .doesNotContain(newId);
        byte[] evidence = albertslund.getBytes("/api/v1/transfers/" + id + "/evidence").body();
        assertThat(new String(evidence, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(newId)
                .doesNotContain("to 851");
    }

    HttpResponse<String> submitSupplement() {
        ObjectNode supplement = TestPackets.handover("101", "165");
        supplement.put("kind", "SUPPLEMENT");
        supplement.put("supplementTo", id);
        supplement.withArray("records").removeAll();
        TestPackets.addRecord(supplement.withArray("records"), "CASE_NOTE");
        return copenhagen.submit(TestPackets.packed(supplement, ExamplePki.municipality("101")));
    }

    @Test
    void aRecordAnnouncedToFollowIsTrackedUntilASupplementBringsItEvenAfterARedirect() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String original = caseJson.get("transferId").asText();
        TestPackets.removeRecords(caseJson, "CHILD_PLAN");
        caseJson.withArray("missingRecords").addObject().put("type", "CHILD_PLAN")
                .put("reason", "The plan is being revised after the last follow-up; it follows within a week.")
                .put("followsLater", true);
        assertThat(copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);
        JsonNode announced = detail(albertslund, original).get("recordsToFollow");
        assertThat(announced.findValuesAsText("type")).containsExactly("CHILD_PLAN");
        assertThat(announced.get(0).get("fulfilledBy").isNull()).as("outstanding").isTrue();

        // The family moves on before the plan follows: the record is still owed at the next municipality.
        String digestOfOriginal = JSON.readTree(copenhagen.get("/api/v1/transfers/" + original).body())
                .get("packetDigest").asText();
        assertThat(albertslund.getBytes("/api/v1/transfers/" + original + "/packet").statusCode()).isEqualTo(200);
        assertThat(albertslund.acknowledge(original, "165", Map.of("transferId", original, "packetDigest",
                digestOfOriginal, "kind", "REJECTED", "reasonCode", "NOT_RESIDENT", "reasonText",
                "Familien er flyttet videre", "rightMunicipality", "751")).statusCode()).isEqualTo(201);
        String next = JSON.readTree(redirectOf(albertslund, original, "{}").body()).get("id").asText();
        assertThat(detail(aarhus, next).get("recordsToFollow").get(0).get("fulfilledBy").isNull()).isTrue();

        ObjectNode supplement = TestPackets.handover("101", "165");
        supplement.put("kind", "SUPPLEMENT");
        supplement.put("supplementTo", original);
        supplement.withArray("records").removeAll();
        TestPackets.addRecord(supplement.withArray("records"), "CHILD_PLAN");
        HttpResponse<String> brought = copenhagen.submit(TestPackets.packed(supplement, ExamplePki.municipality("101")));
        assertThat(brought.statusCode()).as(brought.body()).isEqualTo(202);
        String supplementId = JSON.readTree(brought.body()).get("id").asText();

        JsonNode followed = detail(aarhus, next);
        assertThat(followed.get("recordsToFollow").get(0).get("fulfilledBy").asText()).isEqualTo(supplementId);
        assertThat(followed.get("timeline").findValuesAsText("type")).contains("RECORD_FOLLOWED");
    }

    @Test
    void aRejectionCannotNameTheSenderItselfOrAnyoneForAReasonThatIsNotWhereTheFamilyIs() throws Exception {
        for (String[] refused : new String[][] {{"NOT_RESIDENT", "101"}, {"NOT_RESIDENT", "165"},
                {"DUPLICATE", "751"}, {"WRONG_MUNICIPALITY", "411"}}) {
            HttpResponse<String> response = reject(refused[0], refused[1]);
            assertThat(response.statusCode()).as(String.join(" ", refused)).isEqualTo(422);
            assertThat(response.body()).contains("acknowledgement-invalid").contains("rightMunicipality");
        }
        assertThat(detail(copenhagen, id).get("status").asText()).as("nothing was recorded").isEqualTo("DELIVERED");
    }

    @Test
    void aSupplementToARejectedTransferIsRefused() throws Exception {
        assertThat(reject("NOT_RESIDENT", null).statusCode()).isEqualTo(201);

        HttpResponse<String> refused = submitSupplement();

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).get("problems").findValuesAsText("type"))
                .containsExactly("https://sagsbro.dk/problems/supplement-not-allowed");
    }

    @Test
    void aSupplementFollowsTheRedirectToTheNewReceiverAndTheOldOneLearnsNothing() throws Exception {
        assertThat(reject("WRONG_MUNICIPALITY", "751").statusCode()).isEqualTo(201);
        String newId = JSON.readTree(redirect(copenhagen, "{}").body()).get("id").asText();

        HttpResponse<String> accepted = submitSupplement();

        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String supplementId = JSON.readTree(accepted.body()).get("id").asText();
        JsonNode supplement = detail(aarhus, supplementId);
        assertThat(supplement.get("receiver").asText()).isEqualTo("751");
        assertThat(supplement.get("supplementTo").asText()).isEqualTo(newId);
        assertThat(detail(aarhus, newId).get("supplements").get(0).asText()).isEqualTo(supplementId);
        assertThat(albertslund.get("/api/v1/transfers/" + supplementId).statusCode())
                .as("the municipality that rejected it does not see the supplement").isEqualTo(404);
        assertThat(aarhus.getBytes("/api/v1/transfers/" + supplementId + "/packet").statusCode()).isEqualTo(200);
    }

    @Test
    void theSenderRedirectsToTheMunicipalityTheRejectionNamedAndItReceivesTheSamePacket() throws Exception {
        assertThat(reject("WRONG_MUNICIPALITY", "751").statusCode()).isEqualTo(201);

        HttpResponse<String> redirected = redirect(copenhagen, "{}");

        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(201);
        String newId = JSON.readTree(redirected.body()).get("id").asText();
        assertThat(newId).isNotEqualTo(id);
        assertThat(detail(copenhagen, id).get("status").asText()).isEqualTo("REDIRECTED");
        assertThat(detail(copenhagen, id).get("timeline").findValuesAsText("type")).contains("REDIRECTED");
        JsonNode continued = detail(aarhus, newId);
        assertThat(continued.get("receiver").asText()).isEqualTo("751");
        assertThat(continued.get("redirectedFrom").asText()).isEqualTo(id);
        assertThat(continued.get("packetDigest").asText()).isEqualTo(digest);
        assertThat(aarhus.inboxLists(newId)).isTrue();
        assertThat(aarhus.getBytes("/api/v1/transfers/" + newId + "/packet").body()).isEqualTo(packet);
        assertThat(albertslund.get("/api/v1/transfers/" + newId).statusCode()).isEqualTo(404);
        assertThat(aarhus.get("/api/v1/transfers/" + id).statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(redirect(copenhagen, "{}").body()).get("id").asText()).isEqualTo(newId);
    }

    @Test
    void onlyATransferRejectedAsSentToTheWrongMunicipalityCanBeRedirected() throws Exception {
        HttpResponse<String> notRejected = redirect(copenhagen, "{\"receiver\":\"751\"}");
        reject("NOT_RESIDENT", null);
        HttpResponse<String> otherReason = redirect(copenhagen, "{\"receiver\":\"751\"}");

        assertThat(notRejected.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(notRejected.body()).get("type").asText()).endsWith("/redirect-not-allowed");
        assertThat(otherReason.statusCode()).isEqualTo(409);
        assertThat(detail(copenhagen, id).get("status").asText()).isEqualTo("REJECTED");
    }

    @Test
    void theSenderRedirectsOnlyToAnotherMunicipalityAndTheReceiverOnlyWhereItsRejectionNamed() throws Exception {
        reject("WRONG_MUNICIPALITY", null);

        HttpResponse<String> receiverWithoutName = redirect(albertslund, "{\"receiver\":\"751\"}");
        assertThat(receiverWithoutName.statusCode()).isEqualTo(409);
        assertThat(receiverWithoutName.body()).contains("redirect-not-allowed");
        assertThat(redirect(aarhus, "{\"receiver\":\"751\"}").statusCode()).as("not a party").isEqualTo(404);
        assertThat(redirect(copenhagen, "{}").statusCode()).as("no municipality named").isEqualTo(422);
        assertThat(redirect(copenhagen, "{\"receiver\":\"0165\"}").statusCode()).isEqualTo(422);
        assertThat(redirect(copenhagen, "{\"receiver\":\"411\"}").statusCode()).isEqualTo(422);
        assertThat(redirect(copenhagen, "{\"receiver\":\"0851\"}").statusCode()).isEqualTo(201);
    }

    @Test
    void theReceiverThatRejectedLosesAccessToThePacketAndNeverLearnsWhereTheTransferWent() throws Exception {
        assertThat(reject("WRONG_MUNICIPALITY", null).statusCode()).isEqualTo(201);

        HttpResponse<byte[]> afterRejection = albertslund.getBytes("/api/v1/transfers/" + id + "/packet");
        assertThat(afterRejection.statusCode()).isEqualTo(410);
        assertThat(new String(afterRejection.body(), java.nio.charset.StandardCharsets.UTF_8)).contains("access-ended");

        HttpResponse<String> redirected = redirect(copenhagen, "{\"receiver\":\"751\"}");
        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(201);
        String newId = JSON.readTree(redirected.body()).get("id").asText();

        assertThat(albertslund.getBytes("/api/v1/transfers/" + id + "/packet").statusCode()).isEqualTo(410);
        assertThat(albertslund.get("/api/v1/transfers/" + newId).statusCode()).isEqualTo(404);
        String seenByFormerReceiver = albertslund.get("/api/v1/transfers/" + id).body();
        assertThat(seenByFormerReceiver).contains("REDIRECTED").doesNotContain(newId);
        assertThat(dk.sagsbro.support.Mentions.municipality(seenByFormerReceiver, "751")).as(seenByFormerReceiver)
                .isFalse();
        assertThat(copenhagen.get("/api/v1/transfers/" + id).body()).contains("751").contains(newId);
        assertThat(aarhus.getBytes("/api/v1/transfers/" + newId + "/packet").body()).isEqualTo(packet);
    }

    @Test
    void aRedirectCannotBeBrokenByASubmissionThatTookTheIdItUsedToGet() throws Exception {
        // The id a redirect of this transfer used to get was derived from the transfer's id; take it first.
        String predicted = java.util.UUID.nameUUIDFromBytes(("sagsbro-redirect:" + id)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        ObjectNode squatter = TestPackets.handover("101", "751");
        squatter.put("transferId", predicted);
        assertThat(copenhagen.submit(TestPackets.packed(squatter, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);
        assertThat(reject("WRONG_MUNICIPALITY", "751").statusCode()).isEqualTo(201);

        HttpResponse<String> redirected = redirect(copenhagen, "{}");
        HttpResponse<String> again = redirect(copenhagen, "{}");

        assertThat(redirected.statusCode()).as(redirected.body()).isEqualTo(201);
        String newId = JSON.readTree(redirected.body()).get("id").asText();
        assertThat(newId).isNotEqualTo(predicted);
        assertThat(JSON.readTree(again.body()).get("id").asText()).isEqualTo(newId);
        assertThat(detail(aarhus, newId).get("redirectedFrom").asText()).isEqualTo(id);
    }
}
