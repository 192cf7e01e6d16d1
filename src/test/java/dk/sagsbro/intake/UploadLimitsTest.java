package dk.sagsbro.intake;

import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PayloadFiles;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A municipality that drips an upload holds one of its own upload slots and nothing else: its next upload waits for
 * a slot (429), other municipalities submit as usual, and the slow upload is cut off with nothing stored.
 */
@QuarkusTest
@TestProfile(UploadLimitsTest.OneSlowSlot.class)
class UploadLimitsTest {

    public static class OneSlowSlot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sagsbro.limits.concurrent-uploads", "1",
                    "sagsbro.limits.upload-min-bytes-per-second", "20000",
                    "sagsbro.limits.upload-rate-grace", "PT20S",
                    "quarkus.http.read-timeout", "PT4S");
        }
    }

    static final int FAST_PART = 32 << 10;

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @ConfigProperty(name = "sagsbro.data-dir")
    String dataDir;

    @jakarta.inject.Inject
    dk.sagsbro.storage.PayloadStore payloadStore;

    /**
     * The first 32 KiB of a real packet at once (more than the HTTP layer buffers before it hands the upload to the
     * intake), then ten bytes every 200 ms.
     */
    static InputStream dripping(byte[] packet) {
        return new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent >= packet.length) {
                    return -1;
                }
                if (sent >= FAST_PART) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                int n = Math.min(sent < FAST_PART ? FAST_PART - sent : 10, Math.min(length, packet.length - sent));
                System.arraycopy(packet, sent, buffer, offset, n);
                sent += n;
                return n;
            }
        };
    }

    /** Sends the packet over a raw TLS connection as {@link #dripping} gives it; returns the whole answer. */
    String drip(byte[] packet) {
        javax.net.ssl.SSLContext tls = dk.sagsbro.signature.TlsContexts.forClient(
                ExamplePki.DIRECTORY.resolve("ca.crt.pem"), ExamplePki.certificateFile("municipalities/101"),
                ExamplePki.keyFile("municipalities/101"));
        try (java.net.Socket socket = tls.getSocketFactory().createSocket("localhost", base.getPort())) {
            var out = socket.getOutputStream();
            out.write(("POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                    + "application/vnd.etsi.asic-e+zip\r\nContent-Length: " + packet.length + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            InputStream body = dripping(packet);
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder text = new StringBuilder();
                    byte[] chunk = new byte[4096];
                    int read;
                    while (!text.toString().endsWith("}") && (read = socket.getInputStream().read(chunk)) > 0) {
                        text.append(new String(chunk, 0, read, java.nio.charset.StandardCharsets.UTF_8));
                    }
                    return text.toString();
                } catch (IOException e) {
                    return "no answer: " + e;
                }
            });
            byte[] buffer = new byte[8192];
            int n;
            try {
                while (!answer.isDone() && (n = body.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException closedByGateway) {
                // the gateway answered and closed while bytes were still coming
            }
            return answer.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS connection as the municipality, on which a test writes the request by hand. */
    java.net.Socket connectAs(String municipality) throws IOException {
        javax.net.ssl.SSLContext tls = dk.sagsbro.signature.TlsContexts.forClient(
                ExamplePki.DIRECTORY.resolve("ca.crt.pem"), ExamplePki.certificateFile("municipalities/" + municipality),
                ExamplePki.keyFile("municipalities/" + municipality));
        java.net.Socket socket = tls.getSocketFactory().createSocket("localhost", base.getPort());
        socket.setSoTimeout(60_000);
        return socket;
    }

    static String head(long contentLength, String... extra) {
        return "POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/vnd.etsi.asic-e+zip\r\n"
                + "Content-Length: " + contentLength + "\r\n" + String.join("", extra) + "\r\n";
    }

    /** Everything the gateway sends until it closes the connection, or the read times out. */
    static String readUntilClosed(java.net.Socket socket) {
        StringBuilder text = new StringBuilder();
        byte[] chunk = new byte[4096];
        try {
            int read;
            while ((read = socket.getInputStream().read(chunk)) > 0) {
                text.append(new String(chunk, 0, read, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (IOException closed) {
            // a reset ends the answer as a close does
        }
        return text.toString();
    }

    /** Reads the answer's head and a body of the length it gives. */
    static String readAnswer(java.net.Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return head.toString();
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
        return head + new String(body, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void anUploadThatStopsSendingIsCutOffAfterTheReadTimeoutLeavingNothing() throws Exception {
        byte[] packet = TestPackets.packed(TestPackets.handover("851", "165"), ExamplePki.municipality("851"));
        Path payloads = Path.of(dataDir, "payloads");
        long partialBefore = partialFiles(payloads);
        try (java.net.Socket socket = connectAs("851")) {
            var out = socket.getOutputStream();
            out.write(head(packet.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(packet, 0, packet.length / 2);
            out.flush();
            long start = System.nanoTime();
            String answer = readUntilClosed(socket);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            // Closed without an answer once the read timeout (4 s here) passed with nothing sent; the server's idle
            // timeout is minutes, so a close well before it is the intake's.
            assertThat(answer).doesNotContain("202");
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(3)).isLessThan(Duration.ofSeconds(50));
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partialFiles(payloads))
                .isEqualTo(partialBefore));
        HttpResponse<String> again = GatewayClient.municipality(base, "851").submit(packet);
        assertThat(again.statusCode()).as("its slot is free again: " + again.body()).isEqualTo(202);
    }

    @Test
    void aCallerThatBreaksOffMidPacketLeavesNothingAndItsSlotFree() throws Exception {
        // Over 4 MiB, so that the break comes while the payload is being written directly to the disk.
        var caseJson = TestPackets.handover("751", "165");
        var documents = dk.sagsbro.bench.IntakeBenchmark.largeDocuments(caseJson, 8);
        var packed = new java.io.ByteArrayOutputStream();
        new dk.sagsbro.packet.AsicPacker(ExamplePki.municipality("751"), java.util.zip.Deflater.NO_COMPRESSION)
                .pack(TestPackets.json(caseJson), documents, packed);
        byte[] packet = packed.toByteArray();
        Path payloads = Path.of(dataDir, "payloads");
        long partialBefore = partialFiles(payloads);
        long completeBefore = PayloadFiles.endingWith(payloads, ".enc");
        try (java.net.Socket socket = connectAs("751")) {
            var out = socket.getOutputStream();
            out.write(head(packet.length).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.write(packet, 0, 6 << 20);
            out.flush();
            await().atMost(Duration.ofSeconds(30)).until(() -> partialFiles(payloads) == partialBefore + 1);
            socket.setSoLinger(true, 0);
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(partialFiles(payloads))
                .as("the broken-off payload is removed").isEqualTo(partialBefore));
        assertThat(PayloadFiles.endingWith(payloads, ".enc")).as("nothing was stored").isEqualTo(completeBefore);
        HttpResponse<String> whole = GatewayClient.municipality(base, "751").submit(packet);
        assertThat(whole.statusCode()).as("its slot is free: " + whole.body()).isEqualTo(202);
        assertThat(PayloadFiles.endingWith(payloads, ".enc")).as("the whole packet is stored once").isEqualTo(completeBefore + 1);
    }

    @Test
    void aClientThatAsksToContinueIsToldBeforeItSendsItsPacket() throws Exception {
        byte[] packet = TestPackets.packed(TestPackets.handover("165", "101"), ExamplePki.municipality("165"));
        try (java.net.Socket socket = connectAs("165")) {
            var out = socket.getOutputStream();
            out.write(head(packet.length, "Expect: 100-continue\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
            String interim = readAnswer(socket);
            assertThat(interim).startsWith("HTTP/1.1 100 Continue");
            out.write(packet);
            out.flush();
            String answer = readAnswer(socket);
            assertThat(answer).startsWith("HTTP/1.1 202").contains("\"status\"");
        }
    }

    static long partialFiles(Path payloads) throws IOException {
        return PayloadFiles.endingWith(payloads, ".part");
    }

    @Test
    void aDrippingUploadHoldsOnlyItsOwnSlotAndIsCutOffLeavingNothing() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        var caseJson = TestPackets.handover("101", "165");
        var documents = new java.util.LinkedHashMap<>(TestPackets.documentsFor(caseJson));
        byte[] scan = new byte[256 << 10];
        new java.util.Random(3).nextBytes(scan);
        documents.put("documents/scan.bin", scan);
        byte[] packet = TestPackets.packed(caseJson, documents, ExamplePki.municipality("101"));
        Path payloads = Path.of(dataDir, "payloads");
        long partialBefore = partialFiles(payloads);
        CompletableFuture<String> slow = CompletableFuture.supplyAsync(() -> drip(packet));
        // The slow upload holds 101's only slot once the intake has started writing it (small so far, so held in
        // memory for the database), and keeps it until the rate check cuts it off after the 20 s grace: a wide
        // window, so that a loaded machine still sees it.
        await().atMost(Duration.ofSeconds(60)).until(() -> partialFiles(payloads) == partialBefore + 1
                || payloadStore.heldInMemoryBytes() > 0);

        HttpResponse<String> second = copenhagen.submit(TestPackets.packed(TestPackets.handover("101", "165"),
                ExamplePki.municipality("101")));
        assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
        assertThat(second.body()).contains("too-many-uploads");
        assertThat(second.headers().firstValue("Retry-After")).isPresent();
        HttpResponse<String> other = GatewayClient.municipality(base, "751").submit(TestPackets.packed(
                TestPackets.handover("751", "165"), ExamplePki.municipality("751")));
        assertThat(other.statusCode()).as(other.body()).isEqualTo(202);

        String cutOff = slow.get(120, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(cutOff).startsWith("HTTP/1.1 408").contains("upload-too-slow");
        assertThat(partialFiles(payloads)).isEqualTo(partialBefore);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(payloadStore.heldInMemoryBytes())
                .as("the memory it held is given back").isZero());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(copenhagen.submit(TestPackets.packed(
                TestPackets.handover("101", "165"), ExamplePki.municipality("101"))).statusCode()).isEqualTo(202));
    }
}
