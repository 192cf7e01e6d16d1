package dk.sagsbro.retention;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.sagsbro.support.DeliveredTransfer;
import dk.sagsbro.support.GatewayClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the running gateway, with a grace period of one second: once the receiver has taken the case over, the
 * retention route deletes the packet's content; downloading it then answers 410, and the metadata stays.
 */
@QuarkusTest
@TestProfile(PayloadRetentionRouteTest.ShortGrace.class)
class PayloadRetentionRouteTest {
    static final ObjectMapper JSON = new ObjectMapper();

    public static class ShortGrace implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sagsbro.retention.grace", "PT1S", "sagsbro.retention.sweep-interval", "200ms",
                    "sagsbro.data-dir", "./target/test-data-retention");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void aTakenOverPacketIsDeletedAfterTheGracePeriodAndItsMetadataStays() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        GatewayClient albertslund = GatewayClient.municipality(base, "165");
        DeliveredTransfer delivered = DeliveredTransfer.from101To165(base);
        String id = delivered.id();
        String digest = delivered.packetDigest();
        for (String kind : new String[] {"RECEIVED", "TAKEN_OVER"}) {
            assertThat(albertslund.acknowledge(id, "165", Map.of("transferId", id, "packetDigest", digest,
                    "kind", kind)).statusCode()).isEqualTo(201);
        }

        HttpResponse<byte[]> packet = albertslund.getBytes("/api/v1/transfers/" + id + "/packet");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (packet.statusCode() == 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            packet = albertslund.getBytes("/api/v1/transfers/" + id + "/packet");
        }

        assertThat(packet.statusCode()).isEqualTo(410);
        assertThat(new String(packet.body())).contains("packet-deleted");
        JsonNode detail = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body());
        assertThat(detail.get("status").asText()).isEqualTo("TAKEN_OVER");
        assertThat(detail.get("timeline").findValuesAsText("type")).contains("PAYLOAD_DELETED");
        assertThat(detail.get("acknowledgements")).hasSize(2);
        assertThat(copenhagen.getBytes("/api/v1/transfers/" + id + "/receipt").statusCode()).isEqualTo(200);
    }
}
