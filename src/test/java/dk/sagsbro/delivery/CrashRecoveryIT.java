package dk.sagsbro.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PackagedGateway;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.TestReceivers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway is killed (as by {@code kill -9}) in the middle of push deliveries and started again, on the
 * same PostgreSQL database and payload store: every transfer is delivered, none is recorded as delivered twice, and
 * a deadline that ran out meanwhile is recorded once.
 */
class CrashRecoveryIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PORT = 18543;
    static final int PUSHED_TRANSFERS = 20;

    @Test
    void everyTransferIsDeliveredOnceAndNoDeadlineIsLostAcrossAKill() throws Exception {
        Path work = Files.createDirectories(Path.of("target/crash-test"));
        WireMockServer receiver = TestReceivers.https(work.resolve("receiver"));
        // 300 ms per packet, so that the kill lands in the middle of the pushes.
        receiver.stubFor(post(urlEqualTo("/albertslund")).willReturn(aResponse().withStatus(202)
                .withFixedDelay(300)));
        Path registry = TestReceivers.registryWithAlbertslund(work.resolve("registry.yaml"),
                "delivery: {mode: PUSH, endpoint: \"https://localhost:" + receiver.httpsPort() + "/albertslund\"}");
        Map<String, String> settings = Map.of("SAGSBRO_REGISTRY", registry.toString(),
                "SAGSBRO_DELIVERY_PUSH_INTERVAL", "100ms", "SAGSBRO_DELIVERY_PUSH_TIMEOUT", "PT2S",
                // Pushing stops at the delivery deadline (the packet then waits in the inbox), so the deadline must
                // outlast the pushes, the kill and a slow restart on a busy machine; the never-downloaded transfer
                // then shows the overdue notice about a minute after it was sent.
                "SAGSBRO_DEADLINES_DELIVERY", "PT60S", "SAGSBRO_DEADLINES_SWEEP_INTERVAL", "500ms");
        Path log = work.resolve("gateway.log");
        Files.deleteIfExists(log);
        List<String> jvm = List.of("java", "-Xmx256m");
        Path dataDir = work.resolve("data");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            List<String> pushed = new ArrayList<>();
            String neverDownloaded;
            PackagedGateway first = PackagedGateway.start(postgres, PORT, dataDir, jvm, settings, log);
            GatewayClient copenhagen = GatewayClient.municipality(first.base(), "101");
            for (int i = 0; i < PUSHED_TRANSFERS; i++) {
                pushed.add(submit(copenhagen, "165"));
            }
            neverDownloaded = submit(copenhagen, "851");
            while (receiver.findAll(postRequestedFor(urlEqualTo("/albertslund"))).size() < 3) {
                Thread.sleep(50);
            }
            first.kill();
            int receivedBeforeKill = receiver.findAll(postRequestedFor(urlEqualTo("/albertslund"))).size();

            try (PackagedGateway second = PackagedGateway.start(postgres, PORT, dataDir, jvm, settings, log)) {
                GatewayClient afterRestart = GatewayClient.municipality(second.base(), "101");
                long deadline = System.nanoTime() + 180_000_000_000L;
                while (System.nanoTime() < deadline && !(allDelivered(afterRestart, pushed)
                        && overdueRecorded(afterRestart, neverDownloaded))) {
                    Thread.sleep(500);
                }

                assertThat(receivedBeforeKill).isLessThan(PUSHED_TRANSFERS);
                for (String id : pushed) {
                    JsonNode detail = detail(afterRestart, id);
                    assertThat(detail.get("status").asText()).as(id + ": " + detail.get("timeline")
                            .findValuesAsText("type")).isEqualTo("DELIVERED");
                    assertThat(detail.get("timeline").findValuesAsText("type")).as(id)
                            .containsOnlyOnce("RECEIVED", "DELIVERED");
                }
                List<String> seenByReceiver = receiver.findAll(postRequestedFor(urlEqualTo("/albertslund"))).stream()
                        .map(r -> r.getHeader(PushDelivery.TRANSFER_ID_HEADER)).toList();
                assertThat(seenByReceiver).containsAll(pushed);
                assertThat(Collections.frequency(detail(afterRestart, neverDownloaded).get("timeline")
                        .findValuesAsText("type"), "DEADLINE_OVERDUE")).isEqualTo(1);
            }
        } finally {
            receiver.stop();
        }
    }

    static String submit(GatewayClient client, String receiver) {
        ObjectNode caseJson = TestPackets.handover("101", receiver);
        assertThat(client.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);
        return caseJson.get("transferId").asText();
    }

    static JsonNode detail(GatewayClient client, String id) throws Exception {
        return JSON.readTree(client.get("/api/v1/transfers/" + id).body());
    }

    static boolean allDelivered(GatewayClient client, List<String> ids) throws Exception {
        for (String id : ids) {
            if (!detail(client, id).get("status").asText().equals("DELIVERED")) {
                return false;
            }
        }
        return true;
    }

    static boolean overdueRecorded(GatewayClient client, String id) throws Exception {
        return detail(client, id).get("timeline").findValuesAsText("type").contains("DEADLINE_OVERDUE");
    }
}
