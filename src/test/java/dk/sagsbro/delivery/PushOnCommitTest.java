package dk.sagsbro.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A commit that leaves a push wakes the push rounds: with the fallback poll an hour apart, transfers are still
 * pushed as soon as they are taken in, and each exactly once.
 */
@QuarkusTest
@TestProfile(PushOnCommitTest.HourlyPoll.class)
class PushOnCommitTest {
    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Endpoint.class));
        }
    }

    /** Albertslund's receiver as in PushDeliveryRouteTest, with the poll an hour apart. */
    public static class Endpoint extends PushDeliveryRouteTest.Endpoint {
        @Override
        protected String pushInterval() {
            return "1h";
        }

        @Override
        protected String name() {
            return "push-on-commit";
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void transfersArePushedWhenTheyAreCommittedNotAtTheNextPoll() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ObjectNode caseJson = TestPackets.handover("101", "165");
            assertThat(copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                    .isEqualTo(202);
            ids.add(caseJson.get("transferId").asText());
        }

        // an hour is the poll; a minute is room for a loaded machine
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            for (String id : ids) {
                assertThat(new ObjectMapper().readTree(copenhagen.get("/api/v1/transfers/" + id).body())
                        .get("status").asText()).as(id).isEqualTo("DELIVERED");
            }
        });
        assertThat(PushDeliveryRouteTest.receiver.findAll(postRequestedFor(urlEqualTo("/albertslund")))).hasSize(ids.size());
    }
}
