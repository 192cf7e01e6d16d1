package dk.sagsbro.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dk.sagsbro.delivery.PushDelivery;
import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PackagedGateway;
import dk.sagsbro.support.TestReceivers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.net.ssl.SSLContext;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end benchmark (bench/README.md): transfers from 101 to 165 through the packaged gateway on PostgreSQL, 165
 * registered for push to a local HTTPS receiver in this process, which acknowledges each packet (RECEIVED, signed)
 * as soon as it arrives. Reports transfers per second and p50/p99 of each step: intake (submit until 202), delivery
 * (202 until the push arrives) and acknowledgement (signing and posting it until 201).
 */
public final class EndToEndBenchmark {
    private static final int PORT = 18643;

    record Steps(long intake, long delivery, long acknowledgement) {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.getInteger("bench.transfers", 500);
        int concurrency = Integer.getInteger("bench.concurrency", 4);
        Path work = Files.createDirectories(Path.of("target/bench-e2e"));
        Map<String, CompletableFuture<Long>> arrivals = new ConcurrentHashMap<>();
        HttpsServer receiver = receiver(arrivals);
        Path registry = TestReceivers.registryWithAlbertslund(work.resolve("registry.yaml"),
                "delivery: {mode: PUSH, endpoint: \"https://localhost:" + receiver.getAddress().getPort() + "/in\"}");
        Path log = work.resolve("gateway.log");
        Files.deleteIfExists(log);
        IntakeBenchmark.deleteRecursively(work.resolve("data"));
        List<String> jvm = new ArrayList<>(List.of("java", "-Xmx256m"));
        String extra = System.getProperty("bench.gateway.jvm", "").trim();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        try (EmbeddedPostgres postgres = dk.sagsbro.support.DurablePostgres.builder().start();
                PackagedGateway gateway = PackagedGateway.start(postgres, PORT, work.resolve("data"),
                        jvm, Map.of("SAGSBRO_REGISTRY", registry.toString(),
                                // the default poll: pushes are woken by the intake's commits, not found by polling
                                "SAGSBRO_DELIVERY_PUSH_INTERVAL", "1s",
                                // one sender makes every submission: let it have all its clients' uploads at once
                                "SAGSBRO_LIMITS_CONCURRENT_UPLOADS", "64",
                                "QUARKUS_LOG_CATEGORY__DK_SAGSBRO__LEVEL", "WARN"), log)) {
            GatewayClient sender = GatewayClient.municipality(gateway.base(), "101");
            GatewayClient acknowledger = GatewayClient.municipality(gateway.base(), "165");
            CmsSigner albertslund = ExamplePki.municipality("165");
            Random random = new Random(7);
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                WarmUp.run("transfers", gateway.pid(), Math.max(50, count / 5), n -> {
                    List<byte[]> round = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        round.add(IntakeBenchmark.smallPacket(random));
                    }
                    return () -> run(pool, round, sender, acknowledger, albertslund, arrivals);
                });
                List<byte[]> packets = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    packets.add(IntakeBenchmark.smallPacket(random));
                }
                double cpuBefore = IntakeBenchmark.cpuSeconds(gateway.pid());
                double clientCpuBefore = IntakeBenchmark.clientCpuSeconds();
                long postmaster = IntakeBenchmark.postmasterOf(postgres.getPostgresDatabase());
                double databaseCpuBefore = IntakeBenchmark.postgresCpuSeconds(postmaster);
                long start = System.nanoTime();
                List<Steps> steps = run(pool, packets, sender, acknowledger,
                        albertslund, arrivals);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMs = (IntakeBenchmark.cpuSeconds(gateway.pid()) - cpuBefore) * 1000 / count;
                // the benchmark process is the sender, the receiver and the acknowledging case system at once
                double clientCpuMs = (IntakeBenchmark.clientCpuSeconds() - clientCpuBefore) * 1000 / count;
                double databaseCpuMs = (IntakeBenchmark.postgresCpuSeconds(postmaster) - databaseCpuBefore) * 1000
                        / count;
                System.out.printf("end to end: %d transfers of 50 KB, %d concurrent: %.1f transfers/s "
                        + "(submit -> pushed -> RECEIVED acknowledgement recorded); gateway CPU %.1f ms per "
                        + "transfer (PostgreSQL: %.1f ms; the benchmark process, sender, receiver and acknowledger: "
                        + "%.1f ms)%n",
                        count, concurrency, count / seconds, cpuMs, databaseCpuMs, clientCpuMs);
                report("intake (submit until 202)", steps.stream().map(Steps::intake).toList());
                report("delivery (202 until the push arrives)", steps.stream().map(Steps::delivery).toList());
                report("acknowledgement (sign and post until 201)", steps.stream().map(Steps::acknowledgement)
                        .toList());
                report("whole transfer", steps.stream().map(s -> s.intake() + s.delivery() + s.acknowledgement())
                        .toList());
                // bench.rate=half: half the rate the closed loop just reached, the load the latency goal is for
                String rateSetting = System.getProperty("bench.rate", "0");
                double rate = rateSetting.equals("half") ? count / seconds / 2 : Double.parseDouble(rateSetting);
                if (rate > 0) {
                    // Transfers started at a fixed rate whatever the answers take (open loop): the latency a gateway
                    // under that load gives, each intake counted from when it was due.
                    List<byte[]> more = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        more.add(IntakeBenchmark.smallPacket(random));
                    }
                    ExecutorService open = Executors.newFixedThreadPool(64);
                    try {
                        List<Steps> atRate = run(open, more, sender, acknowledger, albertslund, arrivals, rate);
                        System.out.printf("open loop, a fixed %.0f transfers/s (%d transfers):%n", rate, count);
                        report("intake (due until 202)", atRate.stream().map(Steps::intake).toList());
                        report("delivery (202 until the push arrives)", atRate.stream().map(Steps::delivery)
                                .toList());
                        report("acknowledgement (sign and post until 201)", atRate.stream()
                                .map(Steps::acknowledgement).toList());
                        report("whole transfer", atRate.stream().map(s -> s.intake() + s.delivery()
                                + s.acknowledgement()).toList());
                    } finally {
                        open.shutdown();
                    }
                }
            } finally {
                pool.shutdown();
            }
        } finally {
            receiver.stop(0);
        }
    }

    static List<Steps> run(ExecutorService pool, List<byte[]> packets, GatewayClient sender, GatewayClient acknowledger,
            CmsSigner albertslund, Map<String, CompletableFuture<Long>> arrivals) throws Exception {
        return run(pool, packets, sender, acknowledger, albertslund, arrivals, 0);
    }

    /** With {@code rate} above zero, transfer i is started at i / rate seconds and its intake counted from then. */
    static List<Steps> run(ExecutorService pool, List<byte[]> packets, GatewayClient sender, GatewayClient acknowledger,
            CmsSigner albertslund, Map<String, CompletableFuture<Long>> arrivals, double rate) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<Future<Steps>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < packets.size(); i++) {
            byte[] packet = packets.get(i);
            long due = rate > 0 ? start + (long) (i * 1e9 / rate) : 0;
            if (rate > 0) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            results.add(pool.submit(() -> {
                long submitted = rate > 0 ? due : System.nanoTime();
                HttpResponse<String> accepted = sender.submit(packet);
                long intakeDone = System.nanoTime();
                if (accepted.statusCode() != 202) {
                    throw new IllegalStateException(accepted.statusCode() + " " + accepted.body());
                }
                var body = json.readTree(accepted.body());
                String id = body.get("id").asText();
                long arrived = arrivals.computeIfAbsent(id, k -> new CompletableFuture<>()).get(60, TimeUnit.SECONDS);
                byte[] statement = json.writeValueAsBytes(Map.of("transferId", id, "packetDigest",
                        body.get("packetDigest").asText(), "kind", "RECEIVED"));
                HttpResponse<String> acknowledged = acknowledger.send(HttpRequest.newBuilder(
                                acknowledger.baseUri().resolve("/api/v1/transfers/" + id + "/acknowledgements"))
                        .header("Content-Type", "application/pkcs7-mime")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(albertslund.signEncapsulated(statement))).build(),
                        HttpResponse.BodyHandlers.ofString());
                long done = System.nanoTime();
                if (acknowledged.statusCode() != 201) {
                    throw new IllegalStateException(acknowledged.statusCode() + " " + acknowledged.body());
                }
                return new Steps(intakeDone - submitted, arrived - intakeDone, done - arrived);
            }));
        }
        List<Steps> steps = new ArrayList<>();
        for (Future<Steps> result : results) {
            steps.add(result.get());
        }
        return steps;
    }

    static void report(String step, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf("  %-42s p50 %6.1f ms   p99 %6.1f ms%n", step,
                IntakeBenchmark.percentile(sorted, 50) / 1e6, IntakeBenchmark.percentile(sorted, 99) / 1e6);
    }

    /** Albertslund's case system: takes each pushed packet and notes when it arrived. */
    static HttpsServer receiver(Map<String, CompletableFuture<Long>> arrivals) throws Exception {
        SSLContext tls = TestReceivers.localhostServerTls();
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "receiver");
            thread.setDaemon(true); // the benchmark ends when main does
            return thread;
        }));
        server.createContext("/in", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            }
            String id = exchange.getRequestHeaders().getFirst(PushDelivery.TRANSFER_ID_HEADER);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            arrivals.computeIfAbsent(id, k -> new CompletableFuture<>()).complete(System.nanoTime());
        });
        server.start();
        return server;
    }
}
