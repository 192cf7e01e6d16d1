package dk.sagsbro.support;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A server that takes the request and never answers fails the exchange, naming the request. */
class BoundedExchangeTest {
    @Test
    void anExchangeThatIsNeverAnsweredFailsNamingTheRequest() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket held = silent.accept()) {
                    held.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + silent.getLocalPort()
                    + "/api/v1/inbox")).timeout(Duration.ofMillis(300)).GET().build();

            assertThatThrownBy(() -> BoundedExchange.send(HttpClient.newHttpClient(), request,
                    HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("no answer to GET /api/v1/inbox within PT0.3S; the gateway's threads then: ");
        }
    }

    @Test
    void aRequestWithoutItsOwnTimeoutGetsTheLongestOne() throws Exception {
        try (ServerSocket quick = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread answerer = new Thread(() -> {
                try (Socket one = quick.accept()) {
                    one.getInputStream().read(new byte[4096]);
                    one.getOutputStream().write("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n".getBytes());
                } catch (Exception ignored) {
                    // the test is over
                }
            });
            answerer.setDaemon(true);
            answerer.start();
            HttpResponse<String> answered = BoundedExchange.send(HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1).build(), HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + quick.getLocalPort() + "/")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(answered.statusCode()).isEqualTo(204);
            assertThat(answered.request().timeout()).contains(BoundedExchange.LONGEST);
        }
    }
}
