package dk.sagsbro.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The delivery actions against a push receiver that is down: switch to inbox, resend an escalation, cancel. */
@QuarkusTest
@TestProfile(FailingReceiver.class)
class ConsoleDeliveryActionsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    GatewayClient copenhagen;
    ConsoleClient operator;
    String id;

    @BeforeEach
    void submitWhileTheReceiverIsDown() {
        FailingReceiver.receiverDown();
        copenhagen = GatewayClient.municipality(base, "101");
        operator = ConsoleClient.operator(base);
        ObjectNode caseJson = TestPackets.handover("101", "165");
        id = caseJson.get("transferId").asText();
        assertThat(copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);
    }

    @Test
    void switchingToTheInboxStopsPushing() throws Exception {
        awaitTimeline(types -> types.contains("DELIVERY_ATTEMPT_FAILED"));
        assertThat(operator.get("/console/transfers/" + id).body()).contains("id=\"action-switch-to-inbox\"");
        assertThat(operator.get("/console/outbox").body()).contains(id).contains("/albertslund");

        HttpResponse<String> switched = operator.post("/console/transfers/" + id + "/switch-to-inbox",
                ConsoleClient.confirmed("Albertslund asked us to stop pushing during their upgrade"));

        assertThat(switched.statusCode()).isEqualTo(303);
        String page = operator.get("/console/transfers/" + id).body();
        assertThat(page).contains("No push under way").doesNotContain("id=\"action-switch-to-inbox\"");
        assertThat(operator.get("/console/outbox").body()).doesNotContain(id);
        JsonNode last = lastEvent();
        assertThat(last.get("type").asText()).isEqualTo("DELIVERY_SWITCHED_TO_INBOX");
        assertThat(last.get("actor").asText()).isEqualTo("operator:operator");
        assertThat(GatewayClient.municipality(base, "165").inboxLists(id)).isTrue();
        // Switched twice is refused: nothing is pushed any more.
        assertThat(operator.post("/console/transfers/" + id + "/switch-to-inbox",
                ConsoleClient.confirmed("again")).statusCode()).isEqualTo(409);
    }

    @Test
    void aWebhookThatRefusesIsSettledAsAFailedAttemptByTheRouteAndTriedAgainUntilItAccepts() throws Exception {
        com.github.tomakehurst.wiremock.stubbing.StubMapping refusing = FailingReceiver.webhook.stubFor(
                com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/escalation")).atPriority(1)
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(id))
                        .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(418)));
        try {
            awaitTimeline(types -> types.contains("DEADLINE_OVERDUE"));
            long deadline = System.nanoTime() + 20_000_000_000L;
            String outbox = "";
            while (!(outbox = operator.get("/console/outbox").body()).contains("HTTP 418")
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(outbox).as("the refusal is on record with its notification").contains(id).contains("HTTP 418");
        } finally {
            FailingReceiver.webhook.removeStub(refusing);
        }
        // Retried with back-off (5 s, then 10 s...) until the webhook accepts; then it leaves the outbox.
        long deadline = System.nanoTime() + 60_000_000_000L;
        String outbox = operator.get("/console/outbox").body();
        while (outbox.contains("HTTP 418") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            outbox = operator.get("/console/outbox").body();
        }
        assertThat(outbox).as("tried again and accepted").doesNotContain("HTTP 418");
    }

    @Test
    void anEscalationIsSentAgainToTheSameWebhook() throws Exception {
        awaitTimeline(types -> types.contains("DEADLINE_OVERDUE"));
        String form = operator.get("/console/transfers/" + id + "/resend-escalation").body();
        Matcher notification = Pattern.compile(
                "name=\"notification\" value=\"([0-9a-f-]{36})\"[^>]*>\\s*Deadline overdue").matcher(form);
        assertThat(notification.find()).isTrue();
        long before = overdueNoticesFor(id);

        HttpResponse<String> resent = operator.post("/console/transfers/" + id + "/resend-escalation",
                ConsoleClient.confirmed("Albertslund's on-call team did not see the first one", "notification",
                        notification.group(1)));

        assertThat(resent.statusCode()).isEqualTo(303);
        assertThat(lastEvent().get("type").asText()).isEqualTo("ESCALATION_RESENT");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (overdueNoticesFor(id) <= before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(overdueNoticesFor(id)).isGreaterThan(before);
    }

    @Test
    void cancellingStopsPushingClosesTheInboxAndTellsTheReceiver() throws Exception {
        HttpResponse<String> cancelled = operator.post("/console/transfers/" + id + "/cancel",
                ConsoleClient.confirmed("The sender withdrew the transfer"));

        assertThat(cancelled.statusCode()).isEqualTo(303);
        assertThat(JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body()).get("status").asText())
                .isEqualTo("CANCELLED");
        GatewayClient albertslund = GatewayClient.municipality(base, "165");
        assertThat(albertslund.inboxLists(id)).isFalse();
        HttpResponse<byte[]> packet = albertslund.getBytes("/api/v1/transfers/" + id + "/packet");
        assertThat(packet.statusCode()).isEqualTo(410);
        assertThat(new String(packet.body())).contains("transfer-cancelled");
        String digest = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body()).get("packetDigest").asText();
        HttpResponse<String> acknowledged = albertslund.acknowledge(id, "165", java.util.Map.of("transferId", id,
                "packetDigest", digest, "kind", "RECEIVED"));
        assertThat(acknowledged.statusCode()).isEqualTo(409);
        assertThat(acknowledged.body()).contains("acknowledgement-wrong-state").contains("CANCELLED");
        assertThat(operator.get("/console/transfers/" + id).body()).contains("No push under way");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (notices(id, "TRANSFER_CANCELLED") == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(notices(id, "TRANSFER_CANCELLED")).isEqualTo(1);
        // Cancelled is final: neither a retry nor a second cancellation is offered or accepted.
        assertThat(operator.post("/console/transfers/" + id + "/retry-delivery",
                ConsoleClient.confirmed("try anyway")).statusCode()).isEqualTo(409);
        assertThat(operator.post("/console/transfers/" + id + "/cancel",
                ConsoleClient.confirmed("again")).statusCode()).isEqualTo(409);
    }

    private long overdueNoticesFor(String transferId) {
        return notices(transferId, "DEADLINE_OVERDUE");
    }

    private long notices(String transferId, String subject) {
        List<LoggedRequest> requests = FailingReceiver.webhook.findAll(postRequestedFor(urlEqualTo("/escalation")));
        return requests.stream().map(LoggedRequest::getBodyAsString)
                .filter(body -> body.contains(transferId) && body.contains("\"" + subject + "\"")).count();
    }

    private JsonNode lastEvent() throws Exception {
        JsonNode timeline = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body()).get("timeline");
        return timeline.get(timeline.size() - 1);
    }

    private void awaitTimeline(Predicate<List<String>> condition) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> types = List.of();
        while (System.nanoTime() < deadline) {
            types = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body()).get("timeline")
                    .findValuesAsText("type");
            if (condition.test(types)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("timeline never got there: " + types);
    }
}
