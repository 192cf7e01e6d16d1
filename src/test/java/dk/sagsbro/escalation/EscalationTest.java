package dk.sagsbro.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dk.sagsbro.signature.TlsContexts;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.TestReceivers;
import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.deadline.DeadlineWatch;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestDatabases;
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

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Escalation webhooks, with WireMock as the municipalities' webhooks: who is told of reminders and overdue
 * deadlines, what they are told, that a failing webhook is retried until it accepts, and that a municipality can
 * tell the gateway's webhooks from forgeries: HTTPS only, the gateway's client certificate, and a signature that the
 * documented recipe (docs/examples/verify-webhook.sh) verifies.
 */
class EscalationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    WireMockServer webhooks;
    MutableClock clock;
    TransferRepository transfers;
    TransferChanges changes;
    NotificationRepository notifications;
    DeadlineWatch watch;
    WebhookNotifier notifier;
    Escalations escalations;
    dk.sagsbro.acknowledgement.AcknowledgementRecorder recorder;

    @BeforeEach
    void setUp() {
        webhooks = TestReceivers.webhook(Path.of("target/test-escalation"));
        webhooks.stubFor(post(urlEqualTo("/receiver")).willReturn(aResponse().withStatus(204)));
        webhooks.stubFor(post(urlEqualTo("/sender")).willReturn(aResponse().withStatus(200)));
        javax.sql.DataSource dataSource = TestDatabases.freshMigrated();
        clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        notifications = new NotificationRepository(dataSource);
        Map<String, List<URI>> hooks = Map.of(
                "165", List.of(URI.create(TestReceivers.url(webhooks, "/receiver"))),
                "101", List.of(URI.create(TestReceivers.url(webhooks, "/sender"))));
        escalations = new Escalations(notifications, code -> hooks.getOrDefault(code, List.of()));
        recorder = new dk.sagsbro.acknowledgement.AcknowledgementRecorder(transfers,
                new dk.sagsbro.acknowledgement.AcknowledgementRepository(dataSource),
                new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")), escalations,
                clock);
        watch = new DeadlineWatch(transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(), escalations, clock);
        notifier = new WebhookNotifier(notifications, ExamplePki.signer("gateway"), gatewayTls(), clock);
    }

    /** The gateway as a TLS client: its certificate, and the example CA as the anchor of the webhooks' servers. */
    static SSLContext gatewayTls() {
        return TlsContexts.forClient(List.of(ExamplePki.certificate("ca")), ExamplePki.key("gateway"),
                List.of(ExamplePki.certificate("gateway")));
    }

    @AfterEach
    void tearDown() {
        webhooks.stop();
    }

    Transfer received() {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 7, "ab".repeat(32), 1000,
                UUID.randomUUID().toString(), "test", null, clock.instant(), null, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", null)));
        return transfer;
    }

    /** What the webhook at {@code path} was sent, each checked against the contract's EscalationNotification. */
    List<JsonNode> posted(String path) {
        return webhooks.findAll(postRequestedFor(urlEqualTo(path))).stream().map(LoggedRequest::getBodyAsString)
                .map(body -> {
                    try {
                        JsonNode notification = JSON.readTree(body);
                        assertThat(dk.sagsbro.support.ApiContract.violations("EscalationNotification",
                                notification)).as(body).isEmpty();
                        return notification;
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    @Test
    void theSenderIsToldByWebhookOfEveryRejectionAndTheReceiverIsNot() {
        Transfer transfer = received();
        var statement = new dk.sagsbro.acknowledgement.AcknowledgementStatement(transfer.id(), transfer.packetDigest(),
                dk.sagsbro.acknowledgement.AcknowledgementKind.REJECTED,
                dk.sagsbro.acknowledgement.RejectionReason.NOT_RESIDENT, "Familien er flyttet", "751");

        recorder.record(transfer, new dk.sagsbro.acknowledgement.AcknowledgementVerifier.Verified(statement, "165",
                "cd".repeat(32)), new byte[] {1});
        notifier.sendDue();

        assertThat(posted("/sender")).singleElement().satisfies(n -> {
            assertThat(n.get("subject").asText()).isEqualTo("TRANSFER_REJECTED");
            assertThat(n.get("reasonCode").asText()).isEqualTo("NOT_RESIDENT");
            assertThat(dk.sagsbro.support.Mentions.municipality(n.toString(), "751"))
                    .as("where the family went is in the sender's own view only: %s", n).isFalse();
        });
        assertThat(posted("/receiver")).isEmpty();
    }

    @Test
    void remindersGoToTheReceiverAndTheOverdueNoticeToBothParties() {
        Transfer transfer = received();
        clock.advance(Duration.ofMinutes(16));

        watch.sweep();
        notifier.sendDue();

        assertThat(posted("/receiver")).extracting(n -> n.get("subject").asText())
                .containsExactlyInAnyOrder("DEADLINE_REMINDER", "DEADLINE_REMINDER", "DEADLINE_OVERDUE");
        assertThat(posted("/sender")).singleElement().satisfies(n -> {
            assertThat(n.get("subject").asText()).isEqualTo("DEADLINE_OVERDUE");
            assertThat(n.get("deadline").asText()).isEqualTo("DELIVERY");
            assertThat(n.get("transferId").asText()).isEqualTo(transfer.id().toString());
            assertThat(n.get("receiver").asText()).isEqualTo("165");
        });
        assertThat(notifications.unsent()).isZero();
    }

    @Test
    void aFailingWebhookIsTriedAgainWithBackOffUntilItAccepts() {
        webhooks.stubFor(post(urlEqualTo("/receiver")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("failed once"));
        webhooks.stubFor(post(urlEqualTo("/receiver")).inScenario("flaky").whenScenarioStateIs("failed once")
                .willReturn(aResponse().withFixedDelay(12_000)).willSetStateTo("timed out"));
        webhooks.stubFor(post(urlEqualTo("/receiver")).inScenario("flaky").whenScenarioStateIs("timed out")
                .willReturn(aResponse().withStatus(204)));
        received();
        clock.advance(Duration.ofMinutes(8));
        watch.sweep();

        assertThat(notifier.sendDue()).isZero();
        assertThat(notifier.sendDue()).as("not due again before the back-off").isZero();
        clock.advance(Duration.ofSeconds(7));
        assertThat(notifier.sendDue()).as("the second try times out").isZero();
        clock.advance(Duration.ofSeconds(13));
        assertThat(notifier.sendDue()).isEqualTo(1);
        assertThat(webhooks.findAll(postRequestedFor(urlEqualTo("/receiver")))).hasSize(3);
        assertThat(notifications.unsent()).isZero();
    }

    @Test
    void theBackOffDoublesWithJitterAndIsCappedAtAnHour() {
        for (int attempt = 1; attempt <= 30; attempt++) {
            long expected = Math.min(5_000L << Math.min(attempt - 1, 20), 3_600_000L);
            assertThat(WebhookNotifier.BACKOFF.after(attempt).toMillis()).isBetween((long) (expected * 0.8),
                    (long) (expected * 1.2));
        }
    }

    @Test
    void notificationsCarryNoCaseContent() {
        received();
        clock.advance(Duration.ofMinutes(16));
        watch.sweep();
        notifier.sendDue();

        assertThat(posted("/receiver")).hasSize(3).allSatisfy(n -> assertThat(n.fieldNames()).toIterable()
                .isSubsetOf("subject", "transferId", "sender", "receiver", "percentElapsed", "deadline", "due",
                        "at"));
    }

    record Recipe(int exitCode, String output) {
    }

    /** Runs the receiver's recipe from the documentation, as a municipality would. */
    static Recipe recipe(String id, String timestamp, String signature, Path body) throws Exception {
        Process process = new ProcessBuilder("bash", "docs/examples/verify-webhook.sh", id, timestamp, signature,
                body.toString(), "certs-example/ca.crt.pem", "certs-example/gateway.crt.pem")
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Recipe(process.exitValue(), output.trim());
    }

    @Test
    void aReceiverVerifiesAWebhookWithTheDocumentedRecipeAndNoForgeryPasses(@TempDir Path work) throws Exception {
        WebhookNotifier onTime = new WebhookNotifier(notifications, ExamplePki.signer("gateway"), gatewayTls(),
                Clock.systemUTC());
        received();
        clock.advance(Duration.ofMinutes(16));
        watch.sweep();
        assertThat(onTime.sendDue()).isEqualTo(4);
        LoggedRequest request = webhooks.findAll(postRequestedFor(urlEqualTo("/sender"))).get(0);
        String id = request.getHeader("webhook-id");
        String timestamp = request.getHeader("webhook-timestamp");
        String signature = request.getHeader(WebhookSignature.HEADER);
        Path body = Files.write(work.resolve("body.json"), request.getBody());

        Recipe genuine = recipe(id, timestamp, signature, body);

        assertThat(genuine.exitCode()).as(genuine.output()).isZero();
        assertThat(genuine.output()).isEqualTo("verified");
        assertThat(id).isEqualTo(request.getHeader("Sagsbro-Notification-Id"));

        Path altered = Files.writeString(work.resolve("altered.json"),
                request.getBodyAsString().replace("DEADLINE_OVERDUE", "DEADLINE_REMINDER"));
        Recipe alteredBody = recipe(id, timestamp, signature, altered);
        Recipe otherId = recipe(UUID.randomUUID().toString(), timestamp, signature, body);
        long stale = Long.parseLong(timestamp) - 3600;
        Recipe replayedLater = recipe(id, Long.toString(stale),
                WebhookSignature.sign(ExamplePki.signer("gateway"), id, stale, request.getBody()), body);
        Recipe byAMunicipality = recipe(id, timestamp, WebhookSignature.sign(ExamplePki.municipality("165"), id,
                Long.parseLong(timestamp), request.getBody()), body);
        Recipe byAnotherCa = recipe(id, timestamp, WebhookSignature.sign(ExamplePki.signer("untrusted/101"),
                id, Long.parseLong(timestamp), request.getBody()), body);

        assertThat(alteredBody.exitCode()).as(alteredBody.output()).isEqualTo(1);
        assertThat(alteredBody.output()).contains("does not verify");
        assertThat(otherId.exitCode()).as(otherId.output()).isEqualTo(1);
        assertThat(replayedLater.exitCode()).isEqualTo(1);
        assertThat(replayedLater.output()).contains("five minutes");
        assertThat(byAMunicipality.exitCode()).isEqualTo(1);
        assertThat(byAMunicipality.output()).contains("not by the gateway", "165");
        assertThat(byAnotherCa.exitCode()).as(byAnotherCa.output()).isEqualTo(1);
        assertThat(byAnotherCa.output()).contains("does not verify");
    }

    @Test
    void aWebhookServerThatRequiresTheGatewaysCertificateRefusesACallerWithoutOne() throws Exception {
        KeyStore anchors = KeyStore.getInstance("PKCS12");
        anchors.load(null, null);
        anchors.setCertificateEntry("ca", ExamplePki.certificate("ca"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(anchors);
        SSLContext anonymous = SSLContext.getInstance("TLS");
        anonymous.init(null, trust.getTrustManagers(), null);
        WebhookNotifier withoutCertificate = new WebhookNotifier(notifications, ExamplePki.signer("gateway"),
                anonymous, clock);
        received();
        clock.advance(Duration.ofMinutes(16));
        watch.sweep();

        assertThat(withoutCertificate.sendDue()).isZero();
        assertThat(webhooks.getAllServeEvents()).isEmpty();
        clock.advance(Duration.ofSeconds(10));
        assertThat(notifier.sendDue()).as("the gateway's own client presents its certificate").isEqualTo(4);
    }

    @Test
    void aWebhookAddressThatIsNotHttpsIsNeverCalled() {
        Escalations plain = new Escalations(notifications,
                code -> List.of(URI.create("http://127.0.0.1:" + webhooks.httpsPort() + "/sender")));
        DeadlineWatch plainWatch = new DeadlineWatch(transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(),
                plain, clock);
        received();
        clock.advance(Duration.ofMinutes(16));
        plainWatch.sweep();

        assertThat(notifier.sendDue()).isZero();
        assertThat(webhooks.getAllServeEvents()).isEmpty();
        assertThat(notifications.unsent(10)).isNotEmpty().allSatisfy(u -> assertThat(u.notification().lastError())
                .contains("only over HTTPS"));
    }
}
