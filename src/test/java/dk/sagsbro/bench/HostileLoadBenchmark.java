package dk.sagsbro.bench;

import dk.sagsbro.signature.TlsContexts;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PackagedGateway;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.ZipForge;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.net.ssl.SSLContext;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What hostile callers can do to a gateway with a small heap (bench/run-hostile.sh): a few MB of hostile uploads
 * (thousands of highly compressed META-INF entries, a zip bomb, too many entries) sent concurrently from three
 * municipalities must be refused without exhausting the heap; and with hundreds of slow or silent connections open
 * from them, a fourth municipality's valid packets must still get their 202. Prints the answers, the valid packets' latencies and the peak memory.
 */
public final class HostileLoadBenchmark {
    private static final int PORT = 18444;
    /** The hostile municipalities; 851 (Aalborg) only ever sends valid packets. */
    private static final String[] CALLERS = {"101", "165", "751"};
    private static final String HONEST = "851";

    public static void main(String[] args) throws Exception {
        String heap = System.getProperty("bench.heap", "256m");
        int hostileUploads = Integer.getInteger("bench.hostile.uploads", 40);
        int slowConnections = Integer.getInteger("bench.slow.connections", 200);
        int silentConnections = Integer.getInteger("bench.silent.connections", 50);
        Path dataDir = Path.of("target/bench-hostile-data");
        IntakeBenchmark.deleteRecursively(dataDir);
        Path log = Path.of("target/bench-hostile-gateway.log");
        Files.deleteIfExists(log);

        try (EmbeddedPostgres postgres = dk.sagsbro.support.DurablePostgres.builder().start();
                PackagedGateway gateway = PackagedGateway.start(postgres, PORT, dataDir,
                        List.of("java", "-Xmx" + heap, "-XX:+ExitOnOutOfMemoryError"),
                        Map.of("QUARKUS_LOG_CATEGORY__DK_SAGSBRO__LEVEL", "WARN"), log)) {
            URI base = gateway.base();
            System.out.printf("gateway: java -Xmx%s -XX:+ExitOnOutOfMemoryError, PostgreSQL (embedded), %d cores%n",
                    heap, Runtime.getRuntime().availableProcessors());

            byte[][] hostile = {metaInfFlood(), zipBomb(), tooManyEntries()};
            String[] names = {"META-INF flood", "zip bomb", "too many entries"};
            for (int i = 0; i < hostile.length; i++) {
                System.out.printf("  hostile packet %-17s %,10d bytes%n", names[i], hostile[i].length);
            }
            Map<String, Integer> answers = Collections.synchronizedMap(new TreeMap<>());
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<?>> sent = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < hostileUploads; i++) {
                int kind = i % hostile.length;
                String caller = CALLERS[i % CALLERS.length];
                sent.add(pool.submit(() -> {
                    HttpResponse<String> response = GatewayClient.municipality(base, caller).submit(hostile[kind]);
                    String type = response.body().replaceAll("(?s).*?problems/([a-z-]+)\"[^}]*\\}\\]\\}?$", "$1");
                    answers.merge(names[kind] + " -> " + response.statusCode() + " "
                            + (type.length() < 40 ? type : "?"), 1, Integer::sum);
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
            System.out.printf("hostile uploads: %d in %.1f s%n", hostileUploads, (System.nanoTime() - start) / 1e9);
            answers.forEach((answer, count) -> System.out.printf("  %3d x %s%n", count, answer));
            System.out.printf("  gateway alive afterwards: %s; peak resident memory so far: %s%n",
                    gateway.isAlive(), IntakeBenchmark.peakResidentMemory(gateway.pid()));

            List<Socket> held = new ArrayList<>();
            SSLContext[] tls = new SSLContext[CALLERS.length];
            for (int i = 0; i < CALLERS.length; i++) {
                tls[i] = TlsContexts.forClient(ExamplePki.DIRECTORY.resolve("ca.crt.pem"),
                        ExamplePki.certificateFile("municipalities/" + CALLERS[i]),
                        ExamplePki.keyFile("municipalities/" + CALLERS[i]));
            }
            for (int i = 0; i < slowConnections; i++) {
                Socket socket = tls[i % CALLERS.length].getSocketFactory().createSocket("localhost", PORT);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/transfers HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                        + "application/vnd.etsi.asic-e+zip\r\nContent-Length: 10000000\r\n\r\nPK\u0003\u0004")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                held.add(socket);
            }
            for (int i = 0; i < silentConnections; i++) {
                held.add(new Socket("localhost", PORT)); // TCP only: no TLS handshake, no request
            }
            System.out.printf("open: %d slow uploads (headers and 4 bytes of a 10 MB body, then nothing), "
                    + "%d silent connections%n", slowConnections, silentConnections);
            List<Double> latencies = new ArrayList<>();
            Map<Integer, Integer> statuses = new TreeMap<>();
            for (int i = 0; i < 20; i++) {
                byte[] packet = TestPackets.packed(TestPackets.handover(HONEST, "165"),
                        ExamplePki.municipality(HONEST));
                long begin = System.nanoTime();
                int status = GatewayClient.municipality(base, HONEST).submit(packet).statusCode();
                latencies.add((System.nanoTime() - begin) / 1e6);
                statuses.merge(status, 1, Integer::sum);
            }
            Collections.sort(latencies);
            System.out.printf("valid packets from %s while they are open: %s; latency median %.0f ms, max %.0f ms%n",
                    HONEST, statuses, latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
            int ownStatus = GatewayClient.municipality(base, CALLERS[0]).submit(TestPackets.packed(
                    TestPackets.handover(CALLERS[0], "165"), ExamplePki.municipality(CALLERS[0]))).statusCode();
            System.out.printf("a valid packet from hostile %s meanwhile: %d (its own slots are taken)%n", CALLERS[0],
                    ownStatus);
            for (Socket socket : held) {
                socket.close();
            }
            pool.shutdownNow();
            System.out.printf("gateway alive at the end: %s; peak resident memory: %s; OutOfMemoryError in log: %s%n",
                    gateway.isAlive(), IntakeBenchmark.peakResidentMemory(gateway.pid()),
                    Files.readString(log).contains("OutOfMemoryError"));
        }
        IntakeBenchmark.deleteRecursively(dataDir);
    }

    /** A valid packet's mimetype, then 5,000 META-INF entries of 60 KB of zeros each, deflated to a few bytes. */
    static byte[] metaInfFlood() {
        ZipForge zip = new ZipForge();
        zip.stored("mimetype", "application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
        byte[] zeros = new byte[60_000];
        for (int i = 0; i < 5000; i++) {
            zip.deflated("META-INF/signature" + i + ".p7s", zeros);
        }
        return zip.toBytes();
    }

    static byte[] zipBomb() {
        ZipForge zip = new ZipForge();
        zip.stored("mimetype", "application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
        zip.deflated("documents/bomb.bin", new byte[256 << 20]);
        return zip.toBytes();
    }

    static byte[] tooManyEntries() {
        ZipForge zip = new ZipForge();
        zip.stored("mimetype", "application/vnd.etsi.asic-e+zip".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 20_000; i++) {
            zip.stored("documents/" + i, new byte[0]);
        }
        return zip.toBytes();
    }
}
