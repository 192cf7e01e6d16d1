package dk.sagsbro.escalation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
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

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Escalation webhooks, with WireMock as the municipalities' webhooks: who is told of reminders and overdue
 * deadlines, what they are told, and that a failing webhook is retried until it accepts.
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
        webhooks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        webhooks.start();
        webhooks.stubFor(post(urlEqualTo("/receiver")).willReturn(aResponse().withStatus(204)));
        webhooks.stubFor(post(urlEqualTo("/sender")).willReturn(aResponse().withStatus(200)));
        javax.sql.DataSource dataSource = TestDatabases.freshMigrated();
        clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        notifications = new NotificationRepository(dataSource);
        Map<String, List<URI>> hooks = Map.of(
                "165", List.of(URI.create(webhooks.baseUrl() + "/receiver")),
                "101", List.of(URI.create(webhooks.baseUrl() + "/sender")));
        escalations = new Escalations(notifications, code -> hooks.getOrDefault(code, List.of()));
        recorder = new dk.sagsbro.acknowledgement.AcknowledgementRecorder(transfers,
                new dk.sagsbro.acknowledgement.AcknowledgementRepository(dataSource),
                new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")), escalations,
                clock);
        watch = new DeadlineWatch(transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(), escalations, clock);
        notifier = new WebhookNotifier(notifications, clock);
    }

    @AfterEach
    void tearDown() {
        webhooks.stop();
    }

    Transfer received() {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 7, "ab".repeat(32), 1000,
                UUID.randomUUID().toString(), "test", null, clock.instant(), null);
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
            assertThat(n.toString()).as("where the family went is in the sender's own view only")
                    .doesNotContain("751");
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
}
