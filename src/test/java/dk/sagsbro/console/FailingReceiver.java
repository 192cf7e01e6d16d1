package dk.sagsbro.console;

import com.github.tomakehurst.wiremock.WireMockServer;
import dk.sagsbro.support.TestReceivers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A gateway whose push receiver (Albertslund, 165, WireMock over HTTPS) is down until a test brings it back, with
 * short deadlines so that a transfer goes overdue within seconds, and an escalation webhook (WireMock) that accepts.
 */
public class FailingReceiver implements QuarkusTestProfile {
    static WireMockServer receiver;
    static WireMockServer webhook;

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(Servers.class));
    }

    static void receiverDown() {
        receiver.stubFor(post(urlEqualTo("/albertslund")).willReturn(aResponse().withStatus(503)));
    }

    static void receiverUp() {
        receiver.stubFor(post(urlEqualTo("/albertslund")).willReturn(aResponse().withStatus(202)));
    }

    public static class Servers implements QuarkusTestResourceLifecycleManager {
        @Override
        public Map<String, String> start() {
            deleteRecursively(Path.of("target/test-data-console"));
            receiver = TestReceivers.https(Path.of("target/test-console"));
            receiverDown();
            webhook = TestReceivers.webhook(Path.of("target/test-console/webhook"));
            webhook.stubFor(post(urlEqualTo("/escalation")).willReturn(aResponse().withStatus(202)));
            Path registry = TestReceivers.registryWithAlbertslund(Path.of("target/test-console/registry.yaml"),
                    "delivery: {mode: PUSH, endpoint: \"https://localhost:" + receiver.httpsPort()
                            + "/albertslund\"}\n    escalation: [\"" + TestReceivers.url(webhook, "/escalation") + "\"]");
            return Map.of("sagsbro.registry", registry.toString(),
                    "sagsbro.delivery.push-interval", "200ms",
                    "sagsbro.deadlines.delivery", "PT3S",
                    "sagsbro.deadlines.sweep-interval", "300ms",
                    "sagsbro.notifications.send-interval", "200ms",
                    "sagsbro.console.refresh-seconds", "2",
                    "sagsbro.data-dir", "./target/test-data-console");
        }

        private static void deleteRecursively(Path directory) {
            if (!java.nio.file.Files.exists(directory)) {
                return;
            }
            try (var paths = java.nio.file.Files.walk(directory)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void stop() {
            receiver.stop();
            webhook.stop();
        }
    }
}
