package dk.sagsbro.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dk.sagsbro.delivery.PushDelivery;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestReceivers;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Albertslund's (165) case system, as the fault scenarios need it: takes pushed packets over HTTPS, acknowledges each
 * transfer once (RECEIVED, signed) through whichever gateway instance answers, and counts what arrived on the wire
 * (pushes per transfer, escalation webhooks per notification). It can be down, or slow to answer.
 */
final class CaseSystem implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    final Map<String, AtomicInteger> pushes = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> webhooks = new ConcurrentHashMap<>();
    final Map<String, String> webhookSubjects = new ConcurrentHashMap<>();
    final Map<String, String> digests = new ConcurrentHashMap<>();
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    private final ExecutorService acknowledgers = Executors.newFixedThreadPool(4, daemon("acknowledger"));
    private final IntFunction<GatewayClient> gateways;
    private final AtomicInteger nextGateway = new AtomicInteger();
    private final int gatewayCount;
    private final int pushPort;
    private final HttpsServer webhookServer;
    private volatile HttpsServer pushServer;
    private volatile long answerDelayMillis;
    private volatile boolean acknowledging = true;

    /** @param gateways a client (as 165) for gateway instance i */
    CaseSystem(IntFunction<GatewayClient> gateways, int gatewayCount) throws Exception {
        this.gateways = gateways;
        this.gatewayCount = gatewayCount;
        this.pushPort = Cluster.freePort();
        startPushEndpoint();
        webhookServer = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        webhookServer.setHttpsConfigurator(TestReceivers.clientCertificateRequired(
                TestReceivers.localhostServerTls()));
        webhookServer.setExecutor(Executors.newFixedThreadPool(2, daemon("webhooks")));
        webhookServer.createContext("/escalation", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String id = exchange.getRequestHeaders().getFirst("Sagsbro-Notification-Id");
            webhooks.computeIfAbsent(String.valueOf(id), k -> new AtomicInteger()).incrementAndGet();
            webhookSubjects.put(String.valueOf(id), JSON.readTree(body).path("subject").asText()
                    + " " + exchange.getRequestHeaders().getFirst("Sagsbro-Transfer-Id"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhookServer.start();
    }

    static java.util.concurrent.ThreadFactory daemon(String name) {
        return task -> {
            Thread thread = new Thread(task, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The registry lines for 165: push to this system, escalations to it too. */
    String registryEntry() {
        return "delivery: {mode: PUSH, endpoint: \"https://localhost:" + pushPort + "/in\"}\n    escalation: "
                + "[\"https://localhost:" + webhookServer.getAddress().getPort() + "/escalation/165\"]";
    }

    /** The escalation webhook to register for the sender (101): its own address, as another municipality's is. */
    String webhookUrl() {
        return "https://localhost:" + webhookServer.getAddress().getPort() + "/escalation/101";
    }

    synchronized void startPushEndpoint() throws Exception {
        SSLContext tls = TestReceivers.localhostServerTls();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", pushPort), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(8, daemon("receiver")));
        server.createContext("/in", exchange -> {
            String id = exchange.getRequestHeaders().getFirst(PushDelivery.TRANSFER_ID_HEADER);
            String digest = exchange.getRequestHeaders().getFirst("Repr-Digest");
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(OutputStream.nullOutputStream());
            }
            pushes.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            digests.put(id, hexOf(digest));
            sleep(answerDelayMillis);
            try {
                exchange.sendResponseHeaders(204, -1);
            } catch (IOException gatewayGone) {
                // the gateway that pushed was killed before our answer
            }
            exchange.close();
            if (acknowledging) {
                acknowledge(id, hexOf(digest));
            }
        });
        server.start();
        pushServer = server;
    }

    /** The endpoint stops answering at all (connections refused), as a case system that is down. */
    synchronized void stopPushEndpoint() {
        if (pushServer != null) {
            pushServer.stop(0);
            pushServer = null;
        }
    }

    void answerAfter(long millis) {
        answerDelayMillis = millis;
    }

    void acknowledging(boolean on) {
        acknowledging = on;
    }

    /** Acknowledges receipt once per transfer, through the next instance that answers, until one records it. */
    void acknowledge(String id, String packetDigest) {
        if (!acknowledged.add(id)) {
            return;
        }
        acknowledgers.submit(() -> {
            long deadline = System.nanoTime() + 300_000_000_000L;
            while (System.nanoTime() < deadline) {
                try {
                    GatewayClient gateway = gateways.apply(Math.floorMod(nextGateway.getAndIncrement(),
                            gatewayCount));
                    HttpResponse<String> answer = gateway.acknowledge(id, "165", Map.of("transferId", id,
                            "packetDigest", packetDigest, "kind", "RECEIVED"));
                    // 201 recorded; a 409 after a lost answer means an earlier attempt was recorded
                    if (answer.statusCode() == 201 || answer.statusCode() == 409) {
                        return;
                    }
                } catch (RuntimeException unreachable) {
                    // that instance is down; try the next
                }
                sleep(200);
            }
        });
    }

    /** Acknowledges every transfer pushed so far (those already acknowledged are left alone). */
    void acknowledgeAllPushed() {
        digests.forEach(this::acknowledge);
    }

    static String hexOf(String reprDigest) {
        String base64 = reprDigest.substring(reprDigest.indexOf(':') + 1, reprDigest.lastIndexOf(':'));
        return HexFormat.of().formatHex(Base64.getDecoder().decode(base64));
    }

    static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int wireDuplicates() {
        return pushes.values().stream().mapToInt(count -> Math.max(0, count.get() - 1)).sum()
                + webhooks.values().stream().mapToInt(count -> Math.max(0, count.get() - 1)).sum();
    }

    @Override
    public void close() {
        stopPushEndpoint();
        webhookServer.stop(0);
        acknowledgers.shutdownNow();
    }
}
