package dk.sagsbro.faults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.bench.IntakeBenchmark;
import dk.sagsbro.packet.AsicPacker;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.TestReceivers;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

/**
 * The fault matrix (docs/operating.md, "Faults and what survives them"): packaged gateways on one PostgreSQL and one
 * S3-compatible store, one fault per scenario, and for each what was accepted (answered 202), lost (accepted but
 * not acknowledged by the receiver in the end), business duplicates (an event or notification recorded twice),
 * wire duplicates (a push or webhook that arrived twice, which the receiver tells apart by its ids), orphans left
 * after the sweep, and the recovery time. Run with {@code faults/run.sh [scenario ...]}.
 */
public final class FaultMatrix {
    static final ObjectMapper JSON = new ObjectMapper();

    record Result(String scenario, int accepted, int lost, int businessDuplicates, int wireDuplicates, int orphans,
            String recovery, String notes) {
        String row() {
            return String.format("| %s | %d | %d | %d | %d | %d | %s | %s |", scenario, accepted, lost,
                    businessDuplicates, wireDuplicates, orphans, recovery, notes);
        }
    }

    interface Scenario {
        Result run(Path work) throws Exception;
    }

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        SCENARIOS.put("three-instances", FaultMatrix::threeInstancesKillOne);
        SCENARIOS.put("kill-small-upload", FaultMatrix::killDuringSmallUploads);
        SCENARIOS.put("kill-large-upload", FaultMatrix::killDuringLargeUpload);
        SCENARIOS.put("sigterm-during-uploads", FaultMatrix::gracefulStopDuringUploads);
        SCENARIOS.put("kill-after-commit", FaultMatrix::killAfterCommitBeforeAnswer);
        SCENARIOS.put("kill-after-push", FaultMatrix::killAfterPushBeforeRecorded);
        SCENARIOS.put("postgres-immediate", FaultMatrix::postgresStoppedImmediately);
        SCENARIOS.put("object-store-down", FaultMatrix::objectStoreDownAndBack);
        SCENARIOS.put("receiver-down", FaultMatrix::receiverDownForHours);
        SCENARIOS.put("slow-receiver", FaultMatrix::slowReceiver);
        SCENARIOS.put("same-transfer-50", FaultMatrix::fiftySubmissionsOfOneTransfer);
        SCENARIOS.put("payload-volume-full", FaultMatrix::payloadVolumeFull);
        SCENARIOS.put("poison-packet", FaultMatrix::poisonPackets);
        SCENARIOS.put("shared-registry", FaultMatrix::sharedRegistryChange);
        SCENARIOS.put("restore-drill", RestoreDrill::run);
    }

    public static void main(String[] args) throws Exception {
        List<String> chosen = args.length == 0 ? new ArrayList<>(SCENARIOS.keySet()) : List.of(args);
        for (String name : chosen) {
            if (!SCENARIOS.containsKey(name)) {
                System.err.println("unknown scenario " + name + "; known: " + SCENARIOS.keySet());
                System.exit(2);
            }
        }
        Path root = Files.createDirectories(Path.of("target/faults"));
        List<Result> results = new ArrayList<>();
        boolean held = true;
        for (String name : chosen) {
            System.out.println("== " + name);
            long began = System.nanoTime();
            Result result;
            try {
                result = SCENARIOS.get(name).run(root.resolve(name));
            } catch (Exception e) {
                e.printStackTrace();
                result = new Result(name, 0, -1, -1, -1, -1, "-", "FAILED TO RUN: " + e);
            }
            System.out.printf("%s (%.0f s)%n", result.row(), (System.nanoTime() - began) / 1e9);
            results.add(result);
            held &= result.lost() == 0 && result.businessDuplicates() == 0 && result.orphans() == 0;
        }
        StringBuilder table = new StringBuilder("| scenario | accepted | lost | business duplicates | "
                + "wire duplicates | orphans after sweep | recovery | notes |\n|---|---|---|---|---|---|---|---|\n");
        results.forEach(r -> table.append(r.row()).append('\n'));
        Files.writeString(root.resolve("results.md"), table);
        System.out.println();
        System.out.print(table);
        System.out.println(held ? "every scenario: 0 lost, 0 business duplicates, 0 orphans"
                : "AN INVARIANT FAILED (see the table)");
        System.exit(held ? 0 : 1);
    }

    // --- the cluster every scenario starts from ------------------------------------------------------------------

    /** Settings that compress time: pushes, sweeps and notifications run every second or so, not every minute. */
    static Map<String, String> quick(Path registry) {
        Map<String, String> settings = new HashMap<>();
        settings.put("SAGSBRO_REGISTRY", registry.toString());
        settings.put("SAGSBRO_DELIVERY_PUSH_INTERVAL", "200ms");
        settings.put("SAGSBRO_DELIVERY_PUSH_TIMEOUT", "PT5S");
        settings.put("SAGSBRO_RETENTION_ORPHAN_GRACE", "PT20S");
        settings.put("SAGSBRO_RETENTION_SWEEP_INTERVAL", "2s");
        settings.put("SAGSBRO_NOTIFICATIONS_SEND_INTERVAL", "500ms");
        settings.put("SAGSBRO_DEADLINES_SWEEP_INTERVAL", "1s");
        return settings;
    }

    /** A cluster whose receiver (165) is a {@link CaseSystem} taking pushes; both parties have a webhook. */
    static final class Setup implements AutoCloseable {
        final Cluster cluster;
        final CaseSystem receiver;
        final Ledger ledger;
        final Senders senders;

        Setup(Path work, int size, Map<String, String> extra) throws Exception {
            this(work, size, extra, Map.of());
        }

        Setup(Path work, int size, Map<String, String> extra, Map<String, String> postgresConfig) throws Exception {
            Cluster.deleteRecursively(work);
            Files.createDirectories(work);
            int[] ports = new int[size];
            for (int i = 0; i < size; i++) {
                ports[i] = Cluster.FIRST_PORT + i;
            }
            receiver = new CaseSystem(i -> dk.sagsbro.support.GatewayClient.municipality(
                    java.net.URI.create("https://localhost:" + ports[i] + "/"), "165"), size);
            Path registry = TestReceivers.registryWithAlbertslund(work.resolve("registry.yaml"),
                    receiver.registryEntry());
            String text = Files.readString(registry);
            String copenhagen = "name: København\n    cvr: \"99000101\"\n    delivery: {mode: PULL}";
            Files.writeString(registry, text.replace(copenhagen, copenhagen + "\n    escalation: [\""
                    + receiver.webhookUrl() + "\"]"));
            Map<String, String> settings = quick(registry);
            settings.putAll(extra);
            Cluster started;
            try {
                started = new Cluster(work, size, settings, postgresConfig);
            } catch (Exception e) {
                receiver.close();
                throw e;
            }
            cluster = started;
            ledger = new Ledger(cluster);
            senders = new Senders(cluster);
        }

        /** Waits for every accepted transfer to be acknowledged, then for the sweep; the scenario's figures. */
        Result settle(String name, String recovery, String notes) throws Exception {
            Set<String> lost = ledger.awaitStatus(senders.accepted, "ACKNOWLEDGED", Duration.ofMinutes(3));
            int orphans = ledger.awaitNoOrphans(Duration.ofSeconds(90));
            return new Result(name, senders.accepted.size(), lost.size(), ledger.businessDuplicates(),
                    receiver.wireDuplicates(), orphans, recovery, notes + (lost.isEmpty() ? "" : "; not acknowledged: "
                            + lost) + "; answers " + senders.answerSummary());
        }

        @Override
        public void close() throws Exception {
            receiver.close();
            cluster.close();
        }
    }

    static List<Senders.Packet> smallPackets(int count) {
        List<Senders.Packet> packets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            packets.add(Senders.Packet.small());
        }
        return packets;
    }

    static void awaitAccepted(Senders senders, int count, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (senders.accepted.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    static String seconds(Duration duration) {
        return String.format("%.1f s", duration.toMillis() / 1000.0);
    }

    static String between(Instant from, Instant to) {
        return to == null ? "never" : seconds(Duration.between(from, to));
    }

    // --- the scenarios -------------------------------------------------------------------------------------------

    /** Three instances under load from eight clients; one is killed with SIGKILL mid-load and started again. */
    static Result threeInstancesKillOne(Path work) throws Exception {
        return threeInstancesKillOne(work, Integer.getInteger("faults.packets", 120));
    }

    static Result threeInstancesKillOne(Path work, int packets) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Future<?> load = setup.senders.sendAllInBackground(smallPackets(packets), 8, Duration.ofMinutes(3));
            awaitAccepted(setup.senders, packets / 3, Duration.ofMinutes(2));
            setup.cluster.kill(1);
            Thread.sleep(2000);
            Duration restart = setup.cluster.start(1);
            load.get();
            return setup.settle("three instances, one killed (kill -9) mid-load and restarted",
                    seconds(restart) + " (instance start)", packets + " packets, 8 clients over 3 instances");
        }
    }

    /** 24 packets trickling in (about 16 KB/s each), 8 at a time; returns once uploads are under way. */
    static Future<?> trickleIn(Setup setup) throws Exception {
        List<Senders.Packet> packets = new ArrayList<>();
        for (Senders.Packet packet : smallPackets(24)) {
            byte[] bytes = bytesOf(packet);
            packets.add(new Senders.Packet(packet.id(), () -> HttpRequest.BodyPublishers.ofInputStream(
                    () -> new Trickle(bytes, 16 * 1024))));
        }
        Future<?> load = setup.senders.sendAllInBackground(packets, 8, Duration.ofMinutes(3));
        Thread.sleep(1500);
        return load;
    }

    /** Uploads trickle in, so that the kill lands inside them. */
    static Result killDuringSmallUploads(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Future<?> load = trickleIn(setup);
            setup.cluster.kill(0);
            Duration restart = setup.cluster.start(0);
            load.get();
            return setup.settle("kill -9 during small uploads", seconds(restart) + " (instance start)",
                    "24 packets trickling in, 8 at a time; the killed instance's uploads sent again elsewhere");
        }
    }

    /**
     * An instance is stopped as Kubernetes stops a pod (SIGTERM) while uploads trickle into it: each either finishes
     * (202) within the shutdown timeout or is cut off, publishing nothing, and is sent again elsewhere.
     */
    static Result gracefulStopDuringUploads(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Future<?> load = trickleIn(setup);
            Duration stopping = setup.cluster.stop(0);
            Duration restart = setup.cluster.start(0);
            load.get();
            return setup.settle("SIGTERM during small uploads", seconds(restart) + " (instance start)",
                    "the instance took " + seconds(stopping) + " to stop; 24 packets trickling in, 8 at a time");
        }
    }

    /** A 500 MB packet (faults.large.mb) cut off by a kill half-way, then sent again to another instance. */
    static Result killDuringLargeUpload(Path work) throws Exception {
        long megabytes = Long.getLong("faults.large.mb", 500);
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Path file = work.resolve("large.asice");
            String id = largePacket(file, megabytes);
            AtomicLong sent = new AtomicLong();
            Senders.Packet counted = new Senders.Packet(id, () -> HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return new Counting(Files.newInputStream(file), sent);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            ExecutorService one = Executors.newSingleThreadExecutor();
            Future<Integer> cutOff = one.submit(() -> setup.senders.sendOnce(counted, 0));
            while (sent.get() < Files.size(file) / 2 && !cutOff.isDone()) {
                Thread.sleep(20);
            }
            setup.cluster.kill(0);
            int firstAnswer = cutOff.get(60, TimeUnit.SECONDS);
            one.shutdown();
            Duration restart = setup.cluster.start(0);
            Senders.Packet again = new Senders.Packet(id, () -> {
                try {
                    return HttpRequest.BodyPublishers.ofFile(file);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            int secondAnswer = setup.senders.sendOnce(again, 1);
            Result result = setup.settle("kill -9 during a " + megabytes + " MB upload", seconds(restart)
                    + " (instance start)", "cut off at " + (sent.get() >> 20) + " MiB (answer " + firstAnswer
                    + "), sent again whole: " + secondAnswer);
            Files.deleteIfExists(file);
            return result;
        }
    }

    /**
     * The instance is killed after the transfer's commit and before its 202 leaves: a breakpoint at the answer's
     * construction. The sender never hears; sending again (elsewhere) gets the original answer.
     */
    static Result killAfterCommitBeforeAnswer(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            setup.senders.sendOnce(Senders.Packet.small(), 0); // loads the answer's class
            Senders.Packet packet = Senders.Packet.small();
            String notes;
            try (KillAtBreakpoint breakpoint = KillAtBreakpoint.arm(setup.cluster.pid(0), setup.cluster.debugPort(0),
                    "dk.sagsbro.api.TransferViews$Accepted", "of")) {
                int answer = setup.senders.sendOnce(packet, 0);
                breakpoint.awaitKill(60);
                Map<String, String> stored = setup.ledger.statuses();
                notes = "first attempt's answer " + (answer < 0 ? "none" : answer) + ", transfer stored: "
                        + stored.containsKey(packet.id());
            }
            JsonNode original = transferOf(setup, packet.id());
            int retry = setup.senders.sendOnce(packet, 1);
            JsonNode afterRetry = transferOf(setup, packet.id());
            notes += "; retry answered " + retry + " with the original receipt: "
                    + original.get("receivedAt").equals(afterRetry.get("receivedAt"));
            Duration restart = setup.cluster.start(0);
            return setup.settle("kill -9 after the commit, before the 202", seconds(restart)
                    + " (instance start)", notes);
        }
    }

    static JsonNode transferOf(Setup setup, String id) throws IOException {
        return JSON.readTree(setup.cluster.client(1, "101").get("/api/v1/transfers/" + id).body());
    }

    /**
     * The receiver answered a push 2xx, and the instance that pushed is killed before it records the delivery (a
     * breakpoint where the delivery is recorded, on every instance). The push is made again after the lease: the
     * receiver sees it twice on the wire, the timeline once.
     */
    static Result killAfterPushBeforeRecorded(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            List<KillAtBreakpoint> breakpoints = new ArrayList<>();
            java.util.concurrent.atomic.AtomicBoolean onlyOne = new java.util.concurrent.atomic.AtomicBoolean();
            for (int i = 0; i < 3; i++) {
                breakpoints.add(KillAtBreakpoint.arm(setup.cluster.pid(i), setup.cluster.debugPort(i),
                        "dk.sagsbro.delivery.PushDelivery", "delivered", onlyOne));
            }
            // the case system takes the packets but acknowledges only later: the delivery rests on the push alone
            setup.receiver.acknowledging(false);
            setup.senders.sendAll(smallPackets(5), 2, Duration.ofMinutes(2));
            int killed = -1;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (killed < 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < 3; i++) {
                    if (breakpoints.get(i).hasKilled()) {
                        killed = i;
                    }
                }
                Thread.sleep(20);
            }
            breakpoints.forEach(KillAtBreakpoint::close);
            if (killed < 0) {
                throw new IllegalStateException("no instance reached a push's delivery");
            }
            Duration restart = setup.cluster.start(killed);
            Set<String> undelivered = setup.ledger.awaitStatus(setup.senders.accepted, "DELIVERED",
                    Duration.ofMinutes(2));
            setup.receiver.acknowledging(true);
            setup.receiver.acknowledgeAllPushed();
            Result result = setup.settle("kill -9 after a push, before its delivery is recorded", seconds(restart)
                    + " (instance start)", undelivered.isEmpty() ? "" : "; never delivered: " + undelivered);
            int delivered = setup.ledger.count("select count(*) from transfer_event where type = 'DELIVERED'");
            int pushes = setup.receiver.pushes.values().stream().mapToInt(java.util.concurrent.atomic.AtomicInteger::get)
                    .sum();
            return new Result(result.scenario(), result.accepted(), result.lost(), result.businessDuplicates(),
                    result.wireDuplicates(), result.orphans(), result.recovery(), "instance " + killed
                    + " killed with the receiver's 2xx in hand; " + pushes + " pushes for 5 transfers (the killed one "
                    + "made again after its lease ran out), " + delivered + " DELIVERED events" + result.notes());
        }
    }

    /** PostgreSQL stopped with {@code -m immediate} under load, started again five seconds later. */
    static Result postgresStoppedImmediately(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Future<?> load = setup.senders.sendAllInBackground(smallPackets(120), 8, Duration.ofMinutes(4));
            awaitAccepted(setup.senders, 40, Duration.ofMinutes(2));
            setup.cluster.stopPostgresImmediately();
            Thread.sleep(5000);
            setup.cluster.startPostgres();
            Instant back = Instant.now();
            load.get();
            return setup.settle("PostgreSQL stopped (-m immediate) under load, back after 5 s",
                    between(back, setup.senders.firstAcceptedAfter(back)) + " (first 202 after the database is back)",
                    "120 packets, 8 clients over 3 instances");
        }
    }

    /** The object store killed under load, started again ten seconds later. */
    static Result objectStoreDownAndBack(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Future<?> load = setup.senders.sendAllInBackground(smallPackets(120), 8, Duration.ofMinutes(4));
            awaitAccepted(setup.senders, 40, Duration.ofMinutes(2));
            setup.cluster.objectStore().kill();
            Thread.sleep(3000);
            boolean anyReady = false;
            for (int i = 0; i < 3; i++) {
                anyReady |= setup.cluster.ready(i);
            }
            Thread.sleep(7000);
            setup.cluster.objectStore().start();
            Instant back = Instant.now();
            load.get();
            return setup.settle("object store down for 10 s under load",
                    between(back, setup.senders.firstAcceptedAfter(back)) + " (first 202 after the store is back)",
                    "readiness while down: " + (anyReady ? "some instance still ready" : "every instance not ready"));
        }
    }

    /**
     * The receiver's system is down for "hours" (the delivery deadline compressed to 40 s): pushing stops at the
     * deadline, the transfers wait in the inbox, each is reported overdue once (three instances watch the same
     * deadlines); when the receiver is back it downloads from its inbox and acknowledges.
     */
    static Result receiverDownForHours(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of("SAGSBRO_DEADLINES_DELIVERY", "PT40S"))) {
            setup.receiver.stopPushEndpoint();
            Instant down = Instant.now();
            setup.senders.sendAll(smallPackets(30), 8, Duration.ofMinutes(2));
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (setup.ledger.count("select count(distinct transfer_id) from transfer_event where type = "
                    + "'DEADLINE_OVERDUE'") < setup.senders.accepted.size() && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }
            int overdue = setup.ledger.count("select count(*) from transfer_event where type = 'DEADLINE_OVERDUE'");
            Thread.sleep(5000); // the notifications of the overdue notices go out
            setup.receiver.startPushEndpoint();
            Instant back = Instant.now();
            // the case system is back: it takes what waits in its inbox
            for (String id : setup.senders.accepted) {
                var albertslund = setup.cluster.client(2, "165");
                HttpResponse<byte[]> packet = albertslund.getBytes("/api/v1/transfers/" + id + "/packet");
                if (packet.statusCode() == 200) {
                    setup.receiver.acknowledge(id, java.util.HexFormat.of().formatHex(
                            java.security.MessageDigest.getInstance("SHA-256").digest(packet.body())));
                }
            }
            long notifiedUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (setup.receiver.webhookSubjects.values().stream().filter(s -> s.startsWith("DEADLINE_OVERDUE"))
                    .count() < 2L * overdue && System.nanoTime() < notifiedUntil) {
                Thread.sleep(200);
            }
            int overdueNotified = (int) setup.receiver.webhookSubjects.values().stream()
                    .filter(s -> s.startsWith("DEADLINE_OVERDUE")).count();
            return setup.settle("receiver down for hours (delivery deadline compressed to 40 s)",
                    between(down, back) + " down", overdue + " overdue notices recorded, " + overdueNotified
                            + " overdue webhooks received (both parties)");
        }
    }

    /** The receiver takes 3 s to answer each push. */
    static Result slowReceiver(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of("SAGSBRO_DELIVERY_PUSH_TIMEOUT", "PT10S"))) {
            setup.receiver.answerAfter(3000);
            Instant start = Instant.now();
            setup.senders.sendAll(smallPackets(30), 8, Duration.ofMinutes(2));
            Result result = setup.settle("slow receiver (3 s per push)", "-", "30 packets; intake took "
                    + seconds(Duration.between(start, Instant.now())) + " (not held up by the pushes)");
            return result;
        }
    }

    /** Fifty clients send one packet at once across the instances; then ten other packets with the same id. */
    static Result fiftySubmissionsOfOneTransfer(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            Senders.Packet packet = Senders.Packet.small();
            CyclicBarrier together = new CyclicBarrier(50);
            ExecutorService clients = Executors.newFixedThreadPool(50);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int instance = i % 3;
                answers.add(clients.submit(() -> {
                    together.await();
                    return setup.senders.sendOnce(packet, instance);
                }));
            }
            Map<Integer, Integer> byStatus = new java.util.TreeMap<>();
            for (Future<Integer> answer : answers) {
                byStatus.merge(answer.get(), 1, Integer::sum);
            }
            clients.shutdown();
            ObjectNode sameId = TestPackets.handover("101", "165");
            sameId.put("transferId", packet.id());
            int conflicts = 0;
            for (int i = 0; i < 10; i++) {
                // another case under the same id: other parties' record counts differ, and so does the packet
                TestPackets.addRecord(sameId.withArray("records"), "CASE_NOTE").put("path",
                        "documents/extra-" + i + ".txt");
                byte[] other = TestPackets.packed(sameId, ExamplePki.municipality("101"));
                if (setup.senders.sendOnce(new Senders.Packet(packet.id(),
                        () -> HttpRequest.BodyPublishers.ofByteArray(other)), i % 3) == 409) {
                    conflicts++;
                }
            }
            int rows = setup.ledger.count("select count(*) from transfer");
            return setup.settle("50 concurrent submissions of one transfer", "-", "answers " + byStatus
                    + ", transfers stored " + rows + "; 10 different packets with the same id: " + conflicts
                    + " answered 409");
        }
    }

    /**
     * The payload volume is full (the directory store at its free-space reserve): every packet is refused with 503
     * and nothing is kept; once there is room (the instance restarted with space), the same packets go through.
     */
    static Result payloadVolumeFull(Path work) throws Exception {
        Map<String, String> full = Map.of("SAGSBRO_PAYLOAD_STORE_TYPE", "directory",
                "SAGSBRO_LIMITS_DISK_RESERVE_BYTES", String.valueOf(Long.MAX_VALUE));
        try (Setup setup = new Setup(work, 1, full)) {
            List<Senders.Packet> packets = smallPackets(10);
            Map<Integer, Integer> whileFull = new java.util.TreeMap<>();
            for (Senders.Packet packet : packets) {
                whileFull.merge(setup.senders.sendOnce(packet, 0), 1, Integer::sum);
            }
            int storedWhileFull = setup.ledger.count("select count(*) from transfer");
            long filesWhileFull;
            try (var files = Files.list(Files.createDirectories(work.resolve("data-0").resolve("payloads")))) {
                filesWhileFull = files.count();
            }
            setup.cluster.kill(0);
            Duration restart = setup.cluster.start(0, Map.of("SAGSBRO_PAYLOAD_STORE_TYPE", "directory",
                    "SAGSBRO_LIMITS_DISK_RESERVE_BYTES", "1048576"));
            setup.senders.sendAll(packets, 4, Duration.ofMinutes(2));
            return setup.settle("payload volume full (directory store at its reserve)", seconds(restart)
                    + " (restart with room)", "while full: answers " + whileFull + ", transfers " + storedWhileFull
                    + ", payload files " + filesWhileFull);
        }
    }

    /** Hostile packets among valid ones: every hostile one refused, every valid one through, no instance down. */
    static Result poisonPackets(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of())) {
            List<Senders.Packet> valid = smallPackets(40);
            List<Senders.Packet> hostile = new ArrayList<>();
            byte[] garbage = new byte[200_000];
            new java.util.Random(1).nextBytes(garbage);
            hostile.add(new Senders.Packet("garbage", () -> HttpRequest.BodyPublishers.ofByteArray(garbage)));
            byte[] whole = bytesOf(Senders.Packet.small());
            byte[] truncated = java.util.Arrays.copyOf(whole, whole.length / 2);
            hostile.add(new Senders.Packet("truncated", () -> HttpRequest.BodyPublishers.ofByteArray(truncated)));
            ObjectNode wrongSigner = TestPackets.handover("101", "165");
            byte[] signedByOther = TestPackets.packed(wrongSigner, ExamplePki.municipality("751"));
            hostile.add(new Senders.Packet("wrong-signer", () -> HttpRequest.BodyPublishers.ofByteArray(signedByOther)));
            byte[] bomb = zipBomb();
            hostile.add(new Senders.Packet("zip-bomb", () -> HttpRequest.BodyPublishers.ofByteArray(bomb)));
            List<Senders.Packet> mixed = new ArrayList<>(valid);
            for (int i = 0; i < hostile.size(); i++) {
                mixed.add(i * 10, hostile.get(i));
            }
            setup.senders.sendAll(mixed, 8, Duration.ofMinutes(2));
            int alive = 0;
            for (int i = 0; i < 3; i++) {
                alive += setup.cluster.alive(i) && setup.cluster.ready(i) ? 1 : 0;
            }
            return setup.settle("poison packets among valid ones", "-", "hostile refused: " + setup.senders.refused
                    + "; instances up and ready afterwards: " + alive + " of 3");
        }
    }

    /**
     * One registry file for every instance (as a mounted ConfigMap is): Albertslund switches from push to pull and
     * back; each instance takes the change without a restart, and each transfer it takes in afterwards is delivered
     * the new way.
     */
    static Result sharedRegistryChange(Path work) throws Exception {
        try (Setup setup = new Setup(work, 3, Map.of("SAGSBRO_REGISTRY_RELOAD_INTERVAL", "2s"))) {
            Path registry = work.resolve("registry.yaml");
            String push = Files.readString(registry);
            String pull = push.replace(setup.receiver.registryEntry(), "delivery: {mode: PULL}");
            Duration toPull = changeRegistry(setup, registry, pull.replace("version: example-2026.1",
                    "version: drill-pull"), "drill-pull");
            List<Senders.Packet> pulled = smallPackets(3);
            for (int i = 0; i < 3; i++) {
                setup.senders.sendOnce(pulled.get(i), i);
            }
            Thread.sleep(5000);
            long pushedWhilePull = pulled.stream().filter(p -> setup.receiver.pushes.containsKey(p.id())).count();
            for (Senders.Packet packet : pulled) {
                HttpResponse<byte[]> bytes = setup.cluster.client(0, "165").getBytes("/api/v1/transfers/"
                        + packet.id() + "/packet");
                setup.receiver.acknowledge(packet.id(), java.util.HexFormat.of().formatHex(
                        java.security.MessageDigest.getInstance("SHA-256").digest(bytes.body())));
            }
            Duration toPush = changeRegistry(setup, registry, push.replace("version: example-2026.1",
                    "version: drill-push"), "drill-push");
            List<Senders.Packet> pushed = smallPackets(3);
            for (int i = 0; i < 3; i++) {
                setup.senders.sendOnce(pushed.get(i), i);
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!pushed.stream().allMatch(p -> setup.receiver.pushes.containsKey(p.id()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Result result = setup.settle("one registry for all instances, changed twice", "push→pull in force on all 3 "
                    + "after " + seconds(toPull) + ", pull→push after " + seconds(toPush), "while pull: " + pushedWhilePull
                    + " of 3 pushed; after the change back: " + pushed.stream().filter(p -> setup.receiver.pushes
                    .containsKey(p.id())).count() + " of 3 pushed");
            return result;
        }
    }

    /** Writes the registry and waits until every instance's log says the new version is in force. */
    static Duration changeRegistry(Setup setup, Path registry, String content, String version) throws Exception {
        Path written = registry.resolveSibling("registry.yaml.new");
        Files.writeString(written, content);
        long began = System.nanoTime();
        Files.move(written, registry, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String line = "municipality registry " + version + " is now in force";
        long deadline = began + TimeUnit.MINUTES.toNanos(2);
        for (int i = 0; i < setup.cluster.size(); i++) {
            Path log = setup.cluster.work().resolve("gateway-" + i + ".log");
            while (!Files.readString(log).contains(line)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("instance " + i + " did not take registry " + version);
                }
                Thread.sleep(100);
            }
        }
        return Duration.ofNanos(System.nanoTime() - began);
    }

    // --- packets -------------------------------------------------------------------------------------------------

    static byte[] bytesOf(Senders.Packet packet) throws Exception {
        HttpRequest.BodyPublisher publisher = packet.body().get();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        CountDownLatch done = new CountDownLatch(1);
        publisher.subscribe(new java.util.concurrent.Flow.Subscriber<>() {
            @Override
            public void onSubscribe(java.util.concurrent.Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(java.nio.ByteBuffer item) {
                byte[] bytes = new byte[item.remaining()];
                item.get(bytes);
                out.writeBytes(bytes);
            }

            @Override
            public void onError(Throwable throwable) {
                done.countDown();
            }

            @Override
            public void onComplete() {
                done.countDown();
            }
        });
        done.await();
        return out.toByteArray();
    }

    /** A valid packet of about {@code megabytes} MiB written to a file; returns its transfer id. */
    static String largePacket(Path file, long megabytes) throws IOException {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        List<AsicPacker.Document> list = IntakeBenchmark.largeDocuments(caseJson, megabytes);
        try (OutputStream out = Files.newOutputStream(file)) {
            new AsicPacker(ExamplePki.municipality("101"), Deflater.NO_COMPRESSION)
                    .pack(TestPackets.json(caseJson), list, out);
        }
        return caseJson.get("transferId").asText();
    }

    /** A container whose one entry inflates a thousandfold: refused by the ratio bound while it streams. */
    static byte[] zipBomb() throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new java.util.zip.ZipEntry("documents/zeros.bin"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    /** Hands out bytes at a fixed rate, as a slow sender's connection does. */
    static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int perSecond;
        private final long started = System.nanoTime();
        private int position;

        Trickle(byte[] bytes, int perSecond) {
            this.bytes = bytes;
            this.perSecond = perSecond;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] target, int offset, int length) {
            if (position >= bytes.length) {
                return -1;
            }
            long allowed = (System.nanoTime() - started) * perSecond / 1_000_000_000L + 4096;
            while (allowed <= position) {
                CaseSystem.sleep(50);
                allowed = (System.nanoTime() - started) * perSecond / 1_000_000_000L + 4096;
            }
            int n = (int) Math.min(length, Math.min(allowed, bytes.length) - position);
            System.arraycopy(bytes, position, target, offset, n);
            position += n;
            return n;
        }
    }

    /** Counts the bytes read from a stream. */
    static final class Counting extends java.io.FilterInputStream {
        private final AtomicLong count;

        Counting(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read(byte[] target, int offset, int length) throws IOException {
            int n = super.read(target, offset, length);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
