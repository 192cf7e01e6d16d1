package dk.sagsbro.faults;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.TestPackets;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Copenhagen's (101) case systems sending packets as a careful client does: each packet to the next instance, and
 * again (to the next one) after a broken connection, a timeout, 429 or 5xx, until it is answered 202 or refused with
 * a 4xx that says the packet is wrong.
 */
final class Senders {
    record Packet(String id, Supplier<HttpRequest.BodyPublisher> body) {
        static Packet small() {
            ObjectNode caseJson = TestPackets.handover("101", "165");
            byte[] bytes = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
            return new Packet(caseJson.get("transferId").asText(), () -> HttpRequest.BodyPublishers.ofByteArray(bytes));
        }
    }

    final Set<String> accepted = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> refused = new ConcurrentHashMap<>();
    final Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    final AtomicInteger failedAttempts = new AtomicInteger();
    final List<Instant> acceptedAt = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger next = new AtomicInteger();
    private final Cluster cluster;

    Senders(Cluster cluster) {
        this.cluster = cluster;
    }

    /** Sends every packet with {@code concurrency} clients; returns once each was accepted or refused. */
    void sendAll(List<Packet> packets, int concurrency, Duration perPacket) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (Packet packet : packets) {
                sent.add(pool.submit(() -> send(packet, perPacket)));
            }
            for (Future<?> one : sent) {
                one.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends in the background; the future completes when every packet was answered. */
    Future<?> sendAllInBackground(List<Packet> packets, int concurrency, Duration perPacket) {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        Future<?> done = runner.submit(() -> {
            sendAll(packets, concurrency, perPacket);
            return null;
        });
        runner.shutdown();
        return done;
    }

    /** @return the status of the last answer (202 when accepted), or -1 when none came in time */
    int send(Packet packet, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            int instance = Math.floorMod(next.getAndIncrement(), cluster.size());
            int status = sendOnce(packet, instance);
            if (status == 202) {
                return status;
            }
            if (status >= 400 && status < 500 && status != 408 && status != 429) {
                return status;
            }
            CaseSystem.sleep(200);
        }
        return -1;
    }

    /** One attempt to one instance; records the answer. */
    int sendOnce(Packet packet, int instance) {
        try {
            HttpResponse<String> answer = cluster.client(instance, "101").send(HttpRequest.newBuilder(
                            cluster.base(instance).resolve("/api/v1/transfers"))
                    .timeout(Duration.ofSeconds(120))
                    .header("Content-Type", "application/vnd.etsi.asic-e+zip")
                    .POST(packet.body().get()).build(), HttpResponse.BodyHandlers.ofString());
            int status = answer.statusCode();
            answers.computeIfAbsent(status, k -> new AtomicInteger()).incrementAndGet();
            if (status == 202) {
                if (accepted.add(packet.id())) {
                    acceptedAt.add(Instant.now());
                }
            } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
                refused.put(packet.id(), status);
            }
            return status;
        } catch (RuntimeException brokenOrRefused) {
            failedAttempts.incrementAndGet();
            return -1;
        }
    }

    /** When the first packet was accepted after {@code since}, or null. */
    Instant firstAcceptedAfter(Instant since) {
        synchronized (acceptedAt) {
            return acceptedAt.stream().filter(at -> at.isAfter(since)).min(Instant::compareTo).orElse(null);
        }
    }

    String answerSummary() {
        StringBuilder text = new StringBuilder();
        new java.util.TreeMap<>(answers).forEach((status, count) -> text.append(status).append("×")
                .append(count.get()).append(' '));
        if (failedAttempts.get() > 0) {
            text.append("no-answer×").append(failedAttempts.get());
        }
        return text.toString().trim();
    }
}
