package dk.sagsbro.outbound;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** One exchange under one deadline, on the caller's thread: no thread per call, no stray interrupt left behind. */
class OutboundCallTest {
    private static HttpServer server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    static void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/accept", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/drip", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 600; i++) {
                    body.write('x');
                    body.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // the gateway hung up, as it should
            }
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    private static HttpRequest post(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    }

    @Test
    void callsStartNoThreadOfTheirOwn() {
        assertThat(OutboundCall.send(HTTP, post("/accept"), Duration.ofSeconds(30))).isNull(); // the client's own
        long before = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        for (int i = 0; i < 50; i++) {
            assertThat(OutboundCall.send(HTTP, post("/accept"), Duration.ofSeconds(30))).isNull();
        }
        // sendAsync started one per call on a machine of two cores; a few may come from the client's own pool
        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - before).isLessThan(10);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anAnswerDrippedPastTheDeadlineIsCutOffAndLeavesTheCallerUninterrupted() {
        long start = System.nanoTime();
        String failure = OutboundCall.send(HTTP, post("/drip"), Duration.ofSeconds(1));

        assertThat(failure).startsWith("Timeout");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(OutboundCall.send(HTTP, post("/accept"), Duration.ofSeconds(30))).isNull();
    }
}
