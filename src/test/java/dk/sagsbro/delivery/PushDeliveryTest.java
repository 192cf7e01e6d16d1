package dk.sagsbro.delivery;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.signature.TlsContexts;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.support.TestReceivers;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Push delivery with WireMock as the receiving municipality's HTTPS endpoint (its server certificate issued by the
 * example CA): accepted at once, server errors then accepted, timeouts, and a receiver that never accepts.
 */
class PushDeliveryTest {
    @TempDir
    Path work;

    WireMockServer receiver;
    MutableClock clock;
    TransferRepository transfers;
    TransferChanges changes;
    DeliveryJobs jobs;
    PayloadStore payloads;
    URI endpoint;
    byte[] packet;

    javax.sql.DataSource dataSource;

    @BeforeEach
    void setUp() throws Exception {
        receiver = TestReceivers.https(work.resolve("receiver"));
        endpoint = URI.create("https://localhost:" + receiver.httpsPort() + "/sagsbro");
        dataSource = TestDatabases.freshMigrated();
        clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        jobs = new DeliveryJobs(dataSource);
        payloads = new PayloadStore(work.resolve("payloads"), new byte[32]);
        packet = TestPackets.packed(TestPackets.handover("101", "165"), ExamplePki.municipality("101"));
    }

    @AfterEach
    void tearDown() {
        receiver.stop();
    }

    PushDelivery pushDelivery(Duration timeout) {
        SSLContext tls = TlsContexts.forClient(List.of(ExamplePki.certificate("ca")), ExamplePki.key("gateway"),
                List.of(ExamplePki.certificate("gateway")));
        return new PushDelivery(jobs, transfers, new DeliveryReceipts(ExamplePki.signer("gateway")), payloads, DeadlinePolicy.defaults(), tls, timeout, clock);
    }

    Transfer receivedForPush() throws Exception {
        return receivedForPush(endpoint);
    }

    Transfer receivedForPush(URI to) throws Exception {
        PayloadStore.Pending pending = payloads.create();
        pending.output().write(packet);
        pending.commit();
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 7,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(packet)), packet.length,
                pending.reference(), "test", null, clock.instant(), null, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", null)), jobs.creating(transfer.id(), to, clock.instant()));
        return transfer;
    }

    /** A transfer to push whose packet the database keeps (the payload store now keeps small packets there). */
    Transfer storedInTheDatabase() throws Exception {
        payloads = new PayloadStore(new dk.sagsbro.storage.DirectoryObjectStore(work.resolve("inline"), 0),
                dk.sagsbro.storage.PayloadKeys.ofRawKey(new byte[32]), PayloadStore.DEFAULT_ORPHAN_GRACE,
                new dk.sagsbro.storage.InlinePayloads(dataSource, 1 << 20, 16 << 20));
        PayloadStore.Pending pending = payloads.create();
        try (java.io.OutputStream out = pending.output()) {
            out.write(packet);
        }
        pending.finishWriting();
        assertThat(pending.isInline()).isTrue();
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 7,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(packet)), packet.length,
                pending.reference(), "test", null, clock.instant(), null, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", null)), connection -> {
                    pending.writeInline(connection);
                    jobs.creating(transfer.id(), endpoint, clock.instant()).run(connection);
                });
        pending.published();
        return transfer;
    }

    List<TransferEventType> timeline(Transfer transfer) {
        return transfers.timeline(transfer.id()).stream().map(TransferEvent::type).toList();
    }

    @Test
    void aPacketKeptInTheDatabaseIsPushedByteForByteFromTheClaimsRead() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(201)));
        storedInTheDatabase();
        PushDelivery push = pushDelivery(Duration.ofSeconds(10));

        List<DeliveryJobs.Job> claimed = push.claimDue();
        // the push does not read the row again: the claim brought the bytes
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement()) {
            statement.executeUpdate("delete from payload_inline");
        }
        int delivered = push.pushInLanes(claimed);

        assertThat(delivered).isEqualTo(1);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro"))).get(0).getBody()).isEqualTo(packet);
    }

    @Test
    void aPacketWhoseBytesFromTheClaimFailTheirAuthenticationIsNotSentAtAll() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(201)));
        Transfer transfer = storedInTheDatabase();
        PushDelivery push = pushDelivery(Duration.ofSeconds(10));
        DeliveryJobs.Job claimed = push.claimDue().get(0);
        byte[] altered = claimed.storedCiphertext().clone();
        altered[altered.length - 40] ^= 1;

        int delivered = push.pushInLanes(List.of(new DeliveryJobs.Job(claimed.endpoint(), claimed.attempts(),
                claimed.pushUntil(), claimed.transfer(), altered)));

        assertThat(delivered).isZero();
        // not even a part of it went out: the whole packet is authenticated before the request starts
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro")))).isEmpty();
        assertThat(timeline(transfer)).containsExactly(TransferEventType.RECEIVED,
                TransferEventType.DELIVERY_ATTEMPT_FAILED);
        assertThat(transfers.find(transfer.id()).orElseThrow().status()).isEqualTo(TransferStatus.RECEIVED);
    }

    @Test
    void aReceiverThatAcceptsAtOnceGetsThePacketByteForByte() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(201)));
        Transfer transfer = receivedForPush();

        int delivered = pushDelivery(Duration.ofSeconds(10)).deliverDue();

        assertThat(delivered).isEqualTo(1);
        assertThat(transfers.find(transfer.id()).orElseThrow().status()).isEqualTo(TransferStatus.DELIVERED);
        assertThat(timeline(transfer)).containsExactly(TransferEventType.RECEIVED, TransferEventType.DELIVERED);
        var request = receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro"))).get(0);
        assertThat(request.getBody()).isEqualTo(packet);
        assertThat(request.getHeader(PushDelivery.TRANSFER_ID_HEADER)).isEqualTo(transfer.id().toString());
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/vnd.etsi.asic-e+zip");
        assertThat(jobs.pending()).isZero();
        // the delivery receipt was stored with the move that delivered, and binds this packet and this push
        com.fasterxml.jackson.databind.JsonNode receipt = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                (byte[]) new org.bouncycastle.cms.CMSSignedData(transfers.deliveryReceipt(transfer.id()).orElseThrow())
                        .getSignedContent().getContent());
        assertThat(receipt.get("transferId").asText()).isEqualTo(transfer.id().toString());
        assertThat(receipt.get("packetDigest").asText()).isEqualTo(transfer.packetDigest());
        assertThat(receipt.get("deliveredBy").asText()).isEqualTo("push accepted by " + endpoint);
        assertThat(receipt.get("deliveredAt").asText()).isEqualTo(clock.instant().toString());
    }

    @Test
    void serverErrorsAreRetriedWithBackOffUntilTheReceiverAccepts() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("once"));
        receiver.stubFor(post(urlEqualTo("/sagsbro")).inScenario("flaky").whenScenarioStateIs("once")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("twice"));
        receiver.stubFor(post(urlEqualTo("/sagsbro")).inScenario("flaky").whenScenarioStateIs("twice")
                .willReturn(aResponse().withStatus(200)));
        Transfer transfer = receivedForPush();
        PushDelivery delivery = pushDelivery(Duration.ofSeconds(10));

        assertThat(delivery.deliverDue()).isZero();
        assertThat(delivery.deliverDue()).as("not due again before the back-off").isZero();
        clock.advance(Duration.ofSeconds(7));
        assertThat(delivery.deliverDue()).isZero();
        clock.advance(Duration.ofSeconds(13));
        assertThat(delivery.deliverDue()).isEqualTo(1);

        assertThat(timeline(transfer)).containsExactly(TransferEventType.RECEIVED,
                TransferEventType.DELIVERY_ATTEMPT_FAILED, TransferEventType.DELIVERY_ATTEMPT_FAILED,
                TransferEventType.DELIVERED);
        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro")))).hasSize(3)
                .allMatch(r -> r.getHeader(PushDelivery.TRANSFER_ID_HEADER).equals(transfer.id().toString()));
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeCountsAsAFailedAttempt() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(200).withFixedDelay(3000)));
        Transfer transfer = receivedForPush();

        assertThat(pushDelivery(Duration.ofSeconds(1)).deliverDue()).isZero();

        assertThat(transfers.timeline(transfer.id())).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(TransferEventType.DELIVERY_ATTEMPT_FAILED);
            assertThat(e.detail()).contains("Timeout");
        });
        assertThat(transfers.find(transfer.id()).orElseThrow().status()).isEqualTo(TransferStatus.RECEIVED);
    }

    @Test
    void aReceiverThatNeverAcceptsGetsThePacketInItsInboxAtTheDeliveryDeadline() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(503)));
        Transfer transfer = receivedForPush();
        PushDelivery delivery = pushDelivery(Duration.ofSeconds(10));

        for (int minute = 0; minute <= 20; minute++) {
            delivery.deliverDue();
            clock.advance(Duration.ofMinutes(1));
        }

        assertThat(timeline(transfer)).contains(TransferEventType.DELIVERY_ATTEMPT_FAILED)
                .last().isEqualTo(TransferEventType.DELIVERY_SWITCHED_TO_INBOX);
        assertThat(transfers.find(transfer.id()).orElseThrow().status()).isEqualTo(TransferStatus.RECEIVED);
        assertThat(jobs.pending()).isZero();
    }

    @Test
    void aTransferPulledFromTheInboxMeanwhileIsNotPushed() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(200)));
        Transfer transfer = receivedForPush();
        new PullDelivery(transfers, new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")), clock).downloaded(transfer, "165");

        assertThat(pushDelivery(Duration.ofSeconds(10)).deliverDue()).isZero();

        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro")))).isEmpty();
        assertThat(jobs.pending()).isZero();
    }

    @Test
    void aReceiverWhoseCertificateIsNotTrustedGetsNothing() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(200)));
        Transfer transfer = receivedForPush();
        SSLContext trustsAnotherCa = TlsContexts.forClient(List.of(ExamplePki.certificate("untrusted/ca")),
                ExamplePki.key("gateway"), List.of(ExamplePki.certificate("gateway")));
        PushDelivery delivery = new PushDelivery(jobs, transfers, new DeliveryReceipts(ExamplePki.signer("gateway")), payloads, DeadlinePolicy.defaults(),
                trustsAnotherCa, Duration.ofSeconds(10), clock);

        assertThat(delivery.deliverDue()).isZero();

        assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro")))).isEmpty();
        assertThat(timeline(transfer)).last().isEqualTo(TransferEventType.DELIVERY_ATTEMPT_FAILED);
    }

    @Test
    void aReceiverThatDripsItsAnswerIsCutOffAtTheDeadlineForTheWholeExchange() throws Exception {
        receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(200)
                .withBody("x".repeat(100)).withChunkedDribbleDelay(50, 20_000)));
        Transfer transfer = receivedForPush();
        long start = System.nanoTime();

        assertThat(pushDelivery(Duration.ofSeconds(1)).deliverDue()).isZero();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(transfers.timeline(transfer.id())).last().satisfies(e -> {
            assertThat(e.type()).isEqualTo(TransferEventType.DELIVERY_ATTEMPT_FAILED);
            assertThat(e.detail()).contains("Timeout").hasSizeLessThan(300);
        });
    }

    @Test
    void aSlowReceiverDelaysNoOtherReceiver() throws Exception {
        WireMockServer fast = TestReceivers.https(work.resolve("fast"));
        try {
            fast.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(201)));
            receiver.stubFor(post(urlEqualTo("/sagsbro")).willReturn(aResponse().withStatus(201)
                    .withFixedDelay(25_000)));
            Transfer toSlow = receivedForPush();
            Transfer toFast = receivedForPush(URI.create("https://localhost:" + fast.httpsPort() + "/sagsbro"));
            SSLContext tls = TlsContexts.forClient(List.of(ExamplePki.certificate("ca")), ExamplePki.key("gateway"),
                    List.of(ExamplePki.certificate("gateway")));
            PushDelivery delivery = new PushDelivery(jobs, transfers, new DeliveryReceipts(ExamplePki.signer("gateway")), payloads, DeadlinePolicy.defaults(), tls,
                    Duration.ofSeconds(60), clock, dk.sagsbro.transfer.TransferMetrics.NONE, Duration.ofSeconds(10),
                    PushDelivery.DEFAULT_PUSHES_PER_RECEIVER);

            assertThat(delivery.deliverDue()).as("the fast receiver, in its own lane").isEqualTo(1);
            assertThat(transfers.find(toFast.id()).orElseThrow().status()).isEqualTo(TransferStatus.DELIVERED);
            assertThat(transfers.find(toSlow.id()).orElseThrow().status()).isEqualTo(TransferStatus.RECEIVED);
            assertThat(delivery.deliverDue()).as("the slow receiver's lane is still busy").isZero();

            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                    transfers.find(toSlow.id()).orElseThrow().status()).isEqualTo(TransferStatus.DELIVERED));
            assertThat(receiver.findAll(postRequestedFor(urlEqualTo("/sagsbro")))).hasSize(1);
        } finally {
            fast.stop();
        }
    }

    @Test
    void pushesToOneReceiverAreInFlightSideBySide() throws Exception {
        int perReceiver = PushDelivery.DEFAULT_PUSHES_PER_RECEIVER;
        // Each push is answered only once all of them have arrived: pushed one after the other, the first would wait
        // until it is turned away, and nothing would be delivered.
        java.util.concurrent.CountDownLatch allArrived = new java.util.concurrent.CountDownLatch(perReceiver);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger mostInFlight = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpsServer together = com.sun.net.httpserver.HttpsServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 16);
        together.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(TestReceivers.localhostServerTls()));
        together.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2 * perReceiver));
        together.createContext("/sagsbro", exchange -> {
            try (exchange) {
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                exchange.getRequestBody().transferTo(java.io.OutputStream.nullOutputStream());
                allArrived.countDown();
                boolean together1 = allArrived.await(20, java.util.concurrent.TimeUnit.SECONDS);
                inFlight.decrementAndGet();
                exchange.sendResponseHeaders(together1 ? 204 : 503, -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        together.start();
        try {
            URI to = URI.create("https://localhost:" + together.getAddress().getPort() + "/sagsbro");
            List<Transfer> sent = new java.util.ArrayList<>();
            for (int i = 0; i < perReceiver; i++) {
                sent.add(receivedForPush(to));
            }
            SSLContext tls = TlsContexts.forClient(List.of(ExamplePki.certificate("ca")), ExamplePki.key("gateway"),
                    List.of(ExamplePki.certificate("gateway")));
            PushDelivery delivery = new PushDelivery(jobs, transfers, new DeliveryReceipts(ExamplePki.signer("gateway")),
                    payloads, DeadlinePolicy.defaults(), tls, Duration.ofSeconds(60), clock,
                    dk.sagsbro.transfer.TransferMetrics.NONE, Duration.ofSeconds(60), perReceiver);

            assertThat(delivery.deliverDue()).as("one round delivers them all").isEqualTo(perReceiver);
            assertThat(mostInFlight.get()).isEqualTo(perReceiver);
            for (Transfer transfer : sent) {
                assertThat(timeline(transfer)).containsExactly(TransferEventType.RECEIVED, TransferEventType.DELIVERED);
                assertThat(transfers.deliveryReceipt(transfer.id())).isPresent();
            }
        } finally {
            together.stop(0);
        }
    }
}
