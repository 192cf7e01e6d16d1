package dk.sagsbro.deadline;

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
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadline-watch route runs by itself and writes its notices into the timeline. */
@QuarkusTest
@TestProfile(DeadlineWatchRouteTest.ShortDeadlines.class)
class DeadlineWatchRouteTest {

    public static class ShortDeadlines implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sagsbro.deadlines.delivery", "PT2S", "sagsbro.deadlines.sweep-interval", "500ms",
                    "sagsbro.data-dir", "./target/test-data-deadlines");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void anUndeliveredTransferIsRemindedAndThenMarkedOverdueInItsTimeline() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        assertThat(copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);

        List<String> types = List.of();
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline && !types.contains("DEADLINE_OVERDUE")) {
            Thread.sleep(250);
            types = new ObjectMapper().readTree(copenhagen.get("/api/v1/transfers/"
                    + caseJson.get("transferId").asText()).body()).get("timeline").findValuesAsText("type");
        }

        assertThat(types).containsSubsequence("RECEIVED", "DEADLINE_REMINDER", "DEADLINE_REMINDER",
                "DEADLINE_OVERDUE");
    }
}
