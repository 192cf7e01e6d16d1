package dk.sagsbro.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.packet.AsicPacker;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PackagedGateway;
import dk.sagsbro.support.TestPackets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.Deflater;

/**
 * Intake benchmark (bench/README.md): the packaged gateway, started as its own process with a capped heap, on a real
 * PostgreSQL server, fed over mutual TLS from this process. Measures small-packet throughput and latency, and the
 * streaming rate of large packets. Run it with bench/run-intake.sh.
 */
public final class IntakeBenchmark {
    private static final int PORT = 18443;

    public static void main(String[] args) throws Exception {
        int smallPackets = Integer.getInteger("bench.small.count", 1000);
        List<Integer> concurrencies = numbers(System.getProperty("bench.concurrency", "4")).stream()
                .map(Long::intValue).toList();
        double rate = Double.parseDouble(System.getProperty("bench.rate", "0"));
        List<Long> largeSizesMb = numbers(System.getProperty("bench.large.mb", "1024,2048"));
        String heap = System.getProperty("bench.heap", "256m");
        Path results = Path.of(System.getProperty("bench.results", "target/bench-results"));
        Files.createDirectories(results);
        Path dataDir = Path.of("target/bench-data");
        deleteRecursively(dataDir);

        try (EmbeddedPostgres postgres = dk.sagsbro.support.DurablePostgres.builder().start()) {
            List<String> jvm = new ArrayList<>(List.of(System.getProperty("bench.gateway.java", "java"), "-Xmx" + heap));
            String extra = System.getProperty("bench.gateway.jvm", "").trim();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
            Path log = Path.of("target/bench-gateway.log");
            Files.deleteIfExists(log);
            try (PackagedGateway gateway = PackagedGateway.start(postgres, PORT, dataDir, jvm,
                    Map.of("QUARKUS_LOG_CATEGORY__DK_SAGSBRO__LEVEL", "WARN"), log)) {
                URI base = gateway.base();
                GatewayClient client = GatewayClient.municipality(base, "101");
                System.out.printf("gateway: java -Xmx%s, PostgreSQL %s, %d cores%n", heap,
                        "(embedded binaries)", Runtime.getRuntime().availableProcessors());
                long pid = gateway.pid();
                if (smallPackets > 0) {
                    SmallPackets small = new SmallPackets(client, pid, smallPackets);
                    small.warmUp(concurrencies.get(concurrencies.size() - 1));
                    List<String> rows = new ArrayList<>(List.of("concurrency,packets_per_s,p50_ms,p99_ms,cpu_ms"));
                    for (int concurrency : concurrencies) {
                        rows.add(small.closedLoop(concurrency).csv());
                    }
                    Files.write(results.resolve("intake-concurrency.csv"), rows);
                    if (rate > 0) {
                        small.openLoop(rate, Boolean.getBoolean("bench.postgres.waits")
                                ? postgres.getPostgresDatabase() : null);
                    }
                }
                List<String> rows = new ArrayList<>(List.of("mib,seconds,mib_per_s,cpu_s"));
                for (long megabytes : largeSizesMb) {
                    double cpuBefore = cpuSeconds(pid);
                    double seconds = largePacketRun(base, megabytes);
                    double cpu = cpuSeconds(pid) - cpuBefore;
                    System.out.printf("  gateway CPU: %.1f s, so %.0f MiB per CPU-second%n", cpu, megabytes / cpu);
                    rows.add(String.format(java.util.Locale.ROOT, "%d,%.2f,%.1f,%.2f", megabytes, seconds,
                            megabytes / seconds, cpu));
                }
                if (!largeSizesMb.isEmpty()) {
                    Files.write(results.resolve("intake-size.csv"), rows);
                }
                System.out.printf("gateway peak resident memory: %s%n", peakResidentMemory(pid));
            }
        }
        deleteRecursively(dataDir);
    }

    private static List<Long> numbers(String list) {
        List<Long> numbers = new ArrayList<>();
        for (String number : list.split(",")) {
            if (!number.isBlank()) {
                numbers.add(Long.parseLong(number.trim()));
            }
        }
        return numbers;
    }

    /** One run's figures; the CPU is the gateway's alone, per packet, warm-up excluded. */
    record SmallRun(int concurrency, double packetsPerSecond, double p50Ms, double p99Ms, double cpuMs) {
        String csv() {
            return String.format(java.util.Locale.ROOT, "%d,%.1f,%.1f,%.1f,%.2f", concurrency, packetsPerSecond,
                    p50Ms, p99Ms, cpuMs);
        }
    }

    /**
     * 50 KB packets of 20 documents, each a new transfer: submitted by a number of clients at once (closed loop), or
     * at a fixed rate whatever the answers take (open loop, latency counted from when each was due).
     */
    static final class SmallPackets {
        private final GatewayClient client;
        private final long pid;
        private final int count;
        private final Random random = new Random(42);

        SmallPackets(GatewayClient client, long pid, int count) {
            this.client = client;
            this.pid = pid;
            this.count = count;
        }

        private List<byte[]> make(int n) {
            List<byte[]> packets = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                packets.add(smallPacket(random));
            }
            return packets;
        }

        void warmUp(int concurrency) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                WarmUp.run("small packets", pid, Math.max(50, count / 5), n -> {
                    List<byte[]> packets = make(n);
                    return () -> submitAll(client, pool, packets);
                });
            } finally {
                pool.shutdown();
            }
        }

        SmallRun closedLoop(int concurrency) throws Exception {
            List<byte[]> packets = make(count);
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                double cpuBefore = cpuSeconds(pid);
                double clientCpuBefore = clientCpuSeconds();
                long start = System.nanoTime();
                List<Long> latencies = submitAll(client, pool, packets);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuMs = (cpuSeconds(pid) - cpuBefore) * 1000 / count;
                double clientCpuMs = (clientCpuSeconds() - clientCpuBefore) * 1000 / count;
                Collections.sort(latencies);
                SmallRun run = new SmallRun(concurrency, count / seconds, percentile(latencies, 50) / 1e6,
                        percentile(latencies, 99) / 1e6, cpuMs);
                System.out.printf("small packets: %d of %d bytes (20 documents), %d concurrent: %.1f packets/s, "
                                + "p50 %.1f ms, p99 %.1f ms%n  gateway CPU: %.1f ms per small packet (the client, on the "
                                + "same cores: %.1f ms)%n", count, packets.get(0).length, concurrency,
                        run.packetsPerSecond(), run.p50Ms(), run.p99Ms(), run.cpuMs(), clientCpuMs);
                return run;
            } finally {
                pool.shutdown();
            }
        }

        /**
         * Latencies of the accepted packets; a refusal (the sender's upload slots full: 429) is counted apart. With
         * {@code database} (not null), what the database's backends were doing in the seconds with slow answers.
         */
        void openLoop(double rate, DataSource database) throws Exception {
            List<byte[]> packets = make(count);
            // Threads started before the clock: a pool that starts them as the load arrives delayed the first
            // second's packets by its own thread starts, which were counted against the gateway.
            java.util.concurrent.ThreadPoolExecutor pool = (java.util.concurrent.ThreadPoolExecutor) Executors
                    .newFixedThreadPool(64);
            pool.prestartAllCoreThreads();
            try {
                long intervalNanos = (long) (1e9 / rate);
                System.out.printf("  open loop starts at %s%n", java.time.Instant.now());
                DatabaseWaits waits = database == null ? null : new DatabaseWaits(database);
                long start = System.nanoTime();
                List<Future<long[]>> results = new ArrayList<>();
                for (int i = 0; i < packets.size(); i++) {
                    long due = start + i * intervalNanos;
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                    }
                    byte[] packet = packets.get(i);
                    results.add(pool.submit(() -> {
                        HttpResponse<String> response = client.submit(packet);
                        if (response.statusCode() != 202 && response.statusCode() != 429) {
                            throw new IllegalStateException(response.statusCode() + " " + response.body());
                        }
                        return new long[] {response.statusCode(), System.nanoTime() - due};
                    }));
                }
                List<Long> latencies = new ArrayList<>();
                int refused = 0;
                // where the slow answers fall: spread out, or together in a few seconds of the run (a pause)
                Map<Integer, Integer> slowBySecond = new java.util.TreeMap<>();
                for (int i = 0; i < results.size(); i++) {
                    long[] outcome = results.get(i).get();
                    if (outcome[0] == 202) {
                        latencies.add(outcome[1]);
                        if (outcome[1] > 100_000_000L) {
                            slowBySecond.merge((int) (i / rate), 1, Integer::sum);
                        }
                    } else {
                        refused++;
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Collections.sort(latencies);
                System.out.printf("small packets at %.1f packets/s offered: %d accepted, %d refused (429) in %.1f s; "
                                + "accepted p50 %.1f ms, p99 %.1f ms (from when each was due)%n"
                                + "  answers over 100 ms, by the second of the run they were due in: %s%n", rate,
                        latencies.size(), refused, seconds, latencies.isEmpty() ? 0 : percentile(latencies, 50) / 1e6,
                        latencies.isEmpty() ? 0 : percentile(latencies, 99) / 1e6, slowBySecond);
                if (waits != null) {
                    java.util.Set<Integer> shown = new java.util.TreeSet<>(slowBySecond.keySet());
                    shown.add(1); // a second without slow answers, for comparison
                    waits.print(shown);
                }
            } finally {
                pool.shutdown();
            }
        }
    }

    static byte[] smallPacket(Random random) {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        var records = caseJson.withArray("records");
        while (records.size() < 20) {
            TestPackets.addRecord(records, "CASE_NOTE").put("path", "documents/note-" + records.size() + ".txt");
        }
        Map<String, byte[]> documents = new LinkedHashMap<>();
        records.forEach(r -> {
            byte[] noise = new byte[2400];
            random.nextBytes(noise);
            documents.put(r.get("path").asText(), Base64.getEncoder().encode(noise));
        });
        return TestPackets.packed(caseJson, documents, ExamplePki.municipality("101"));
    }

    static List<Long> submitAll(GatewayClient client, ExecutorService pool, List<byte[]> packets) throws Exception {
        List<Future<Long>> results = new ArrayList<>();
        for (byte[] packet : packets) {
            results.add(pool.submit(() -> {
                long start = System.nanoTime();
                HttpResponse<String> response = client.submit(packet);
                if (response.statusCode() != 202) {
                    throw new IllegalStateException(response.statusCode() + " " + response.body());
                }
                return System.nanoTime() - start;
            }));
        }
        List<Long> latencies = new ArrayList<>();
        for (Future<Long> result : results) {
            latencies.add(result.get());
        }
        return latencies;
    }

    /**
     * A packet of {@code megabytes} MiB: 64 MiB documents of incompressible bytes, deflated at level 0. From
     * {@code bench.large.source=file} (the default) it is packed into a file before the clock starts and sent from
     * it, as a case system sends a packet it already has; from {@code stream} it is packed while it is sent, so the
     * client's packing (noise, CRC, SHA-256) shares the cores with the gateway it measures.
     */
    static double largePacketRun(URI base, long megabytes) throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        List<AsicPacker.Document> list = largeDocuments(caseJson, megabytes);
        int documents = (int) Math.max(1, megabytes / 64);
        byte[] caseBytes = TestPackets.json(caseJson);
        String source = System.getProperty("bench.large.source", "file");
        String client = System.getProperty("bench.large.client", "jdk");
        if (!List.of("jdk", "curl").contains(client) || (client.equals("curl") && !source.equals("file"))) {
            throw new IllegalArgumentException("bench.large.client is jdk or curl (curl only with bench.large.source="
                    + "file), not " + client);
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(dk.sagsbro.signature.TlsContexts.forClient(ExamplePki.DIRECTORY.resolve("ca.crt.pem"),
                        ExamplePki.certificateFile("municipalities/101"), ExamplePki.keyFile("municipalities/101")))
                .build();
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("/api/v1/transfers"))
                .header("Content-Type", "application/vnd.etsi.asic-e+zip");
        Path packed = null;
        Thread packer = null;
        switch (source) {
            case "file" -> {
                packed = Files.createTempFile(Path.of("target"), "bench-large-", ".asice");
                try (java.io.OutputStream file = new java.io.BufferedOutputStream(Files.newOutputStream(packed),
                        1 << 20)) {
                    new AsicPacker(ExamplePki.municipality("101"), Deflater.NO_COMPRESSION).pack(caseBytes, list, file);
                }
                // Written out before the clock starts: the kernel's writing back of this file would otherwise compete
                // with the gateway's own writes and forces of the same size.
                try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(packed,
                        java.nio.file.StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                request.POST(HttpRequest.BodyPublishers.ofFile(packed));
            }
            case "stream" -> {
                ChunkPipe pipe = new ChunkPipe();
                InputStream body = pipe.input();
                java.io.OutputStream sink = pipe.output();
                packer = new Thread(() -> {
                    try (sink) {
                        new AsicPacker(ExamplePki.municipality("101"), Deflater.NO_COMPRESSION).pack(caseBytes, list,
                                sink);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                }, "packer");
                request.POST(HttpRequest.BodyPublishers.ofInputStream(() -> body));
            }
            default -> throw new IllegalArgumentException("bench.large.source is file or stream, not " + source);
        }
        try {
            if (client.equals("curl")) {
                return sentWithCurl(base, packed, megabytes, documents);
            }
            double clientCpuBefore = clientCpuSeconds();
            long start = System.nanoTime();
            if (packer != null) {
                packer.start();
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            double seconds = (System.nanoTime() - start) / 1e9;
            if (packer != null) {
                packer.join();
            }
            double clientCpu = clientCpuSeconds() - clientCpuBefore;
            if (response.statusCode() != 202) {
                throw new IllegalStateException(response.statusCode() + " " + response.body());
            }
            System.out.printf("large packet (%s): %d MiB in %d documents accepted (202) in %.1f s: %.0f MiB/s; "
                    + "the client's CPU meanwhile %.1f s%n", source, megabytes, documents, seconds,
                    megabytes / seconds, clientCpu);
            return seconds;
        } finally {
            if (packed != null) {
                Files.deleteIfExists(packed);
            }
        }
    }

    /**
     * The packed file sent by curl (OpenSSL) instead of the JDK's HTTP client, whose TLS costs about twice the CPU
     * per byte: the gateway with a lean client beside it on the same cores.
     */
    static double sentWithCurl(URI base, Path packed, long megabytes, int documents) throws Exception {
        Path answer = Files.createTempFile(Path.of("target"), "bench-answer-", ".json");
        try {
            String curl = String.join(" ", "curl", "-s", "--http1.1", "-o", quoted(answer), "-w", "'%{http_code}\\n'",
                    "--cacert", quoted(ExamplePki.DIRECTORY.resolve("ca.crt.pem")),
                    "--cert", quoted(ExamplePki.certificateFile("municipalities/101")),
                    "--key", quoted(ExamplePki.keyFile("municipalities/101")),
                    "-H", "'Content-Type: application/vnd.etsi.asic-e+zip'", "-H", "'Expect:'",
                    "-X", "POST", "-T", quoted(packed), quoted(base.resolve("/api/v1/transfers")));
            // bash's times: the CPU its child, curl, used
            Process process = new ProcessBuilder("bash", "-c", curl + "; times").redirectErrorStream(true).start();
            long start = System.nanoTime();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            double seconds = (System.nanoTime() - start) / 1e9;
            String[] lines = output.strip().split("\\R");
            if (!lines[0].strip().equals("202")) {
                throw new IllegalStateException(output + " " + Files.readString(answer));
            }
            System.out.printf("large packet (file, curl): %d MiB in %d documents accepted (202) in %.1f s: %.0f MiB/s; "
                    + "curl's CPU (user, system) %s%n", megabytes, documents, seconds, megabytes / seconds,
                    lines[lines.length - 1].strip());
            return seconds;
        } finally {
            Files.deleteIfExists(answer);
        }
    }

    private static String quoted(Object value) {
        return "'" + value.toString().replace("'", "'\\''") + "'";
    }

    /** CPU seconds this benchmark process has used, on all its threads. */
    static double clientCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /**
     * The documents of a packet of about {@code megabytes} MiB: 64 MiB scans of incompressible bytes, made while they
     * are read, each added to the case's records, and the case's other documents.
     */
    public static List<AsicPacker.Document> largeDocuments(ObjectNode caseJson, long megabytes) {
        int documents = (int) Math.max(1, megabytes / 64);
        long documentBytes = megabytes * (1L << 20) / documents;
        var records = caseJson.withArray("records");
        List<AsicPacker.Document> list = new ArrayList<>();
        for (int i = 0; i < documents; i++) {
            String name = "documents/scan-" + i + ".bin";
            TestPackets.addRecord(records, "OTHER").put("path", name);
            list.add(new AsicPacker.Document(name, "application/octet-stream", () -> new NoiseStream(documentBytes)));
        }
        for (var entry : TestPackets.documentsFor(caseJson).entrySet()) {
            if (!entry.getKey().startsWith("documents/scan-")) {
                list.add(new AsicPacker.Document(entry.getKey(), "text/plain",
                        () -> new java.io.ByteArrayInputStream(entry.getValue())));
            }
        }
        return list;
    }

    /**
     * Hands bytes from the packer's thread to the HTTP client's in 256 KiB chunks. (java.io's piped streams poll
     * once a second when empty, which would measure the pipe, not the gateway.)
     */
    static final class ChunkPipe {
        private static final byte[] END = new byte[0];
        private final java.util.concurrent.BlockingQueue<byte[]> chunks = new java.util.concurrent.ArrayBlockingQueue<>(32);

        java.io.OutputStream output() {
            return new java.io.BufferedOutputStream(new java.io.OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    put(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
                }

                @Override
                public void close() throws IOException {
                    put(END);
                }

                private void put(byte[] chunk) throws IOException {
                    try {
                        chunks.put(chunk);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException(e);
                    }
                }
            }, 1 << 18);
        }

        InputStream input() {
            return new InputStream() {
                private byte[] current = new byte[0];
                private int position;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] target, int offset, int length) throws IOException {
                    while (current != END && position == current.length) {
                        try {
                            current = chunks.take();
                            position = 0;
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IOException(e);
                        }
                    }
                    if (current == END) {
                        return -1;
                    }
                    int n = Math.min(length, current.length - position);
                    System.arraycopy(current, position, target, offset, n);
                    position += n;
                    return n;
                }
            };
        }
    }

    /** Incompressible bytes, fast: a random block, varied per read so no two blocks are alike. */
    public static final class NoiseStream extends InputStream {
        private static final byte[] BLOCK = new byte[1 << 20];

        static {
            new Random(1).nextBytes(BLOCK);
        }

        private long remaining;
        private long counter;

        public NoiseStream(long length) {
            this.remaining = length;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (remaining == 0) {
                return -1;
            }
            int n = (int) Math.min(Math.min(length, remaining), BLOCK.length);
            int start = (int) (counter++ * 7919 % (BLOCK.length - n + 1));
            System.arraycopy(BLOCK, start, target, offset, n);
            remaining -= n;
            return n;
        }
    }

    static long percentile(List<Long> sorted, int percent) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
    }

    /** User and system CPU time the process has used, from /proc (Linux). */
    static double cpuSeconds(long pid) {
        try {
            return cpuSecondsIn(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    /** User plus system CPU seconds from a {@code /proc} stat line (a process's or one of its threads'). */
    static double cpuSecondsIn(String stat) {
        String[] fields = statFields(stat);
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    /** A {@code /proc} stat line's fields after the process's name: [0] its state, [1] its parent, [11] user time. */
    private static String[] statFields(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /**
     * CPU seconds of a PostgreSQL server: its postmaster's own and its reaped children's, and those of its live
     * children (backends, WAL writer, checkpointer), so that a benchmark can say what the database spent per transfer.
     */
    static double postgresCpuSeconds(long postmaster) {
        double seconds = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String stat;
                try {
                    stat = Files.readString(process.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                String[] fields = statFields(stat);
                if (Long.parseLong(process.getFileName().toString()) == postmaster) {
                    // fields 13 and 14: the CPU of children it has reaped (backends that have exited)
                    seconds += cpuSecondsIn(stat) + (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
                } else if (Long.parseLong(fields[1]) == postmaster) {
                    seconds += cpuSecondsIn(stat);
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return seconds;
    }

    /** The postmaster of the server behind {@code dataSource}: the parent of the backend serving the connection. */
    static long postmasterOf(javax.sql.DataSource dataSource) throws java.sql.SQLException, IOException {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rows = statement.executeQuery("select pg_backend_pid()")) {
            rows.next();
            String stat = Files.readString(Path.of("/proc/" + rows.getLong(1) + "/stat"));
            return Long.parseLong(statFields(stat)[1]);
        }
    }

    static String peakResidentMemory(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII).stream()
                    .filter(l -> l.startsWith("VmHWM")).findFirst().map(l -> l.substring(6).trim()).orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (var files = Files.walk(directory)) {
                for (Path file : files.sorted(Collections.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }
}
