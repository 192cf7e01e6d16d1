package dk.sagsbro.escalation;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.TestReceivers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the running gateway: an urgent transfer is announced to the receiver's escalation webhook (WireMock) as soon
 * as it is received, by the notification route.
 */
@QuarkusTest
@TestProfile(UrgentTransferNotificationTest.WithWebhooks.class)
class UrgentTransferNotificationTest {
    static WireMockServer webhook;

    public static class WithWebhooks implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Webhook.class));
        }
    }

    /** WireMock on loopback as Albertslund's escalation webhook, named in a registry made for the test. */
    public static class Webhook implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            webhook = TestReceivers.webhook(Path.of("target/test-webhooks/receiver"));
            webhook.stubFor(post(urlEqualTo("/albertslund")).willReturn(aResponse().withStatus(202)));
            Path registry = TestReceivers.registryWithAlbertslund(Path.of("target/test-webhooks/registry.yaml"),
                    "escalation: [\"" + TestReceivers.url(webhook, "/albertslund") + "\"]");
            return Map.of("sagsbro.registry", registry.toString(), "sagsbro.notifications.send-interval", "200ms",
                    "sagsbro.data-dir", "./target/test-data-webhooks");
        }

        @Override
        public void stop() {
            webhook.stop();
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void anUrgentTransferIsAnnouncedToTheReceiversWebhookAtOnce() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.put("urgent", true);
        assertThat(GatewayClient.municipality(base, "101").submit(TestPackets.packed(caseJson,
                ExamplePki.municipality("101"))).statusCode()).isEqualTo(202);

        var announced = postRequestedFor(urlEqualTo("/albertslund"))
                .withRequestBody(matchingJsonPath("$.subject", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo("URGENT_TRANSFER_RECEIVED")))
                .withRequestBody(matchingJsonPath("$.transferId", com.github.tomakehurst.wiremock.client.WireMock
                        .equalTo(caseJson.get("transferId").asText())));
        for (int i = 0; i < 50 && webhook.findAll(announced).isEmpty(); i++) {
            Thread.sleep(100);
        }
        assertThat(webhook.findAll(announced)).hasSize(1);
        assertThat(webhook.findAll(announced).get(0).getBodyAsString()).doesNotContain(TestPackets.CHILD_1);
    }
}
