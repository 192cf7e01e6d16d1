package dk.sagsbro.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
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
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Through the running gateway: a transfer to a receiver registered for push is pushed by the route and delivered. */
@QuarkusTest
@TestProfile(PushDeliveryRouteTest.PushReceiver.class)
class PushDeliveryRouteTest {
    static WireMockServer receiver;

    public static class PushReceiver implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Endpoint.class));
        }
    }

    /** WireMock over HTTPS on loopback as Albertslund's case system, registered for PUSH. */
    public static class Endpoint implements QuarkusTestResourceLifecycleManager {
        /** How often the push route polls. */
        protected String pushInterval() {
            return "200ms";
        }

        /** The name of this gateway's directories under target/. */
        protected String name() {
            return "push";
        }

        @Override
        public Map<String, String> start() {
            receiver = TestReceivers.https(Path.of("target/test-" + name()));
            receiver.stubFor(post(urlEqualTo("/albertslund")).willReturn(aResponse().withStatus(202)));
            Path registry = TestReceivers.registryWithAlbertslund(Path.of("target/test-" + name() + "/registry.yaml"),
                    "delivery: {mode: PUSH, endpoint: \"https://localhost:" + receiver.httpsPort() + "/albertslund\"}");
            return Map.of("sagsbro.registry", registry.toString(), "sagsbro.delivery.push-interval", pushInterval(),
                    "sagsbro.data-dir", "./target/test-data-" + name());
        }

        @Override
        public void stop() {
            receiver.stop();
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void theRoutePushesThePacketAndTheTransferIsDelivered() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        assertThat(copenhagen.submit(packet).statusCode()).isEqualTo(202);
        String id = caseJson.get("transferId").asText();

        String status = "";
        for (int i = 0; i < 50 && !status.equals("DELIVERED"); i++) {
            Thread.sleep(100);
            status = new ObjectMapper().readTree(copenhagen.get("/api/v1/transfers/" + id).body())
                    .get("status").asText();
        }

        assertThat(status).isEqualTo("DELIVERED");
        var pushed = receiver.findAll(postRequestedFor(urlEqualTo("/albertslund")));
        assertThat(pushed).hasSize(1);
        assertThat(pushed.get(0).getBody()).isEqualTo(packet);
        assertThat(pushed.get(0).getHeader(PushDelivery.TRANSFER_ID_HEADER)).isEqualTo(id);
    }
}
