package dk.sagsbro.operations;

import dk.sagsbro.acknowledgement.AcknowledgementKind;
import dk.sagsbro.acknowledgement.AcknowledgementRecorder;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.AcknowledgementStatement;
import dk.sagsbro.acknowledgement.AcknowledgementVerifier;
import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.deadline.DeadlineWatch;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.delivery.PullDelivery;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.registry.MunicipalityRegistry;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The operators' read model and actions on the real schema (H2, migrated by Flyway), with a controlled clock. */
class OperationsTest {
    static final Instant START = Instant.parse("2026-10-05T08:00:00Z"); // a Monday
    MutableClock clock;
    DataSource dataSource;
    TransferRepository transfers;
    TransferChanges changes;
    TransferQueues queues;
    DeadlineWatch watch;
    DeliveryJobs jobs;
    NotificationRepository notifications;
    OperatorActions actions;
    List<String> redirects;

    @BeforeEach
    void freshDatabase() throws Exception {
        dataSource = newDataSource();
        clock = new MutableClock(START);
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        queues = new TransferQueues(dataSource);
        notifications = new NotificationRepository(dataSource);
        Escalations escalations = new Escalations(notifications, code -> List.of(URI.create("https://hooks.example/" + code)));
        watch = new DeadlineWatch(transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(), escalations, clock);
        jobs = new DeliveryJobs(dataSource);
        MunicipalityRegistry registry;
        // Aalborg (851) receives by push here; the rest as in the example registry.
        String yaml = Files.readString(Path.of("certs-example/registry.yaml")).replace(
                "name: Aalborg\n    cvr: \"99000851\"\n    delivery: {mode: PULL}",
                "name: Aalborg\n    cvr: \"99000851\"\n    delivery: {mode: PUSH, endpoint: \"https://aalborg.example/in\"}");
        try (InputStream in = new java.io.ByteArrayInputStream(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            registry = MunicipalityRegistry.read(in, Municipalities.builtIn());
        }
        assertThat(registry.entry("851").orElseThrow().delivery().mode().name()).isEqualTo("PUSH");
        redirects = new java.util.ArrayList<>();
        actions = new OperatorActions(transfers, jobs, notifications, escalations,
                new AcknowledgementRepository(dataSource), () -> registry, DeadlinePolicy.defaults(),
                (transfer, receiver, actor, note) -> {
                    redirects.add(transfer.id() + " " + receiver.orElse("") + " " + actor + note);
                    return transfer;
                }, clock);
    }

    /** H2 here; OperationsOnPostgresTest runs the same tests on PostgreSQL. */
    DataSource newDataSource() {
        return TestDatabases.freshMigrated();
    }

    Transfer received(String receiver, boolean urgent) {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                receiver, "101", null, LocalDate.of(2026, 11, 1), urgent, false, false, 1, 7, "ab".repeat(32), 1000,
                UUID.randomUUID().toString(), "test", null, clock.instant(), null, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", null)));
        return transfer;
    }

    DeadlineStanding standing(Transfer transfer) {
        return queues.find(transfer.id()).orElseThrow().standing();
    }

    @Test
    void aTransferStandsOnTimeThenRemindedThenOverdueAndDeliveryEndsItsDeliveryDeadline() {
        Transfer transfer = received("165", false);
        assertThat(standing(transfer)).isEqualTo(DeadlineStanding.ON_TIME);
        clock.advance(Duration.ofMinutes(8));
        watch.sweep();
        assertThat(standing(transfer)).isEqualTo(DeadlineStanding.REMINDED);
        clock.advance(Duration.ofMinutes(8));
        watch.sweep();
        assertThat(standing(transfer)).isEqualTo(DeadlineStanding.OVERDUE);
        TransferQueues.Overview overview = queues.overview();
        assertThat(overview.overdue()).isEqualTo(1);
        assertThat(overview.queues()).singleElement().satisfies(q -> {
            assertThat(q.receiver()).isEqualTo("165");
            assertThat(q.overdue()).isEqualTo(1);
            assertThat(q.oldestWaiting()).isEqualTo(START);
        });

        new PullDelivery(transfers, new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")), clock).downloaded(transfer, "165");
        assertThat(standing(transfer)).as("the delivery deadline no longer runs").isEqualTo(DeadlineStanding.ON_TIME);
        actions.cancel(transfer.id(), "anna", "sent by mistake");
        assertThat(standing(transfer)).isEqualTo(DeadlineStanding.CLOSED);
        assertThat(queues.overview().queues()).isEmpty();
        assertThat(queues.countsByState()).containsEntry(TransferStatus.CANCELLED, 1L);
    }

    @Test
    void listsFilterByStateMunicipalityStandingUrgencyAndDate() {
        Transfer toAlbertslund = received("165", false);
        clock.advance(Duration.ofDays(2));
        Transfer urgentToAarhus = received("751", true);
        clock.advance(Duration.ofMinutes(20));
        watch.sweep();

        assertThat(ids(new TransferQueues.Filter(null, "751", null, false, null, null)))
                .containsExactly(urgentToAarhus.id());
        assertThat(ids(new TransferQueues.Filter(null, "101", null, false, null, null)))
                .containsExactly(urgentToAarhus.id(), toAlbertslund.id());
        assertThat(ids(new TransferQueues.Filter(null, null, null, true, null, null)))
                .containsExactly(urgentToAarhus.id());
        assertThat(ids(new TransferQueues.Filter(TransferStatus.DELIVERED, null, null, false, null, null))).isEmpty();
        assertThat(ids(new TransferQueues.Filter(null, null, DeadlineStanding.OVERDUE, false, null, null)))
                .containsExactlyInAnyOrder(toAlbertslund.id(), urgentToAarhus.id());
        assertThat(ids(new TransferQueues.Filter(null, null, null, false, START.plus(Duration.ofDays(1)), null)))
                .containsExactly(urgentToAarhus.id());
        assertThat(ids(new TransferQueues.Filter(null, null, null, false, null, START.plus(Duration.ofDays(1)))))
                .containsExactly(toAlbertslund.id());
        assertThat(queues.search(TransferQueues.Filter.ANY, 1, 1).total()).isEqualTo(2);
    }

    List<UUID> ids(TransferQueues.Filter filter) {
        return queues.search(filter, 0, 50).rows().stream().map(TransferQueues.Row::id).toList();
    }

    @Test
    void aRetryPushesAgainForAnotherDeliveryPeriodEvenAfterPushingStopped() {
        Transfer transfer = received("851", false);
        Optional<DeliveryJobs.Pending> before = jobs.find(transfer.id());
        assertThat(before).isEmpty();
        clock.advance(Duration.ofMinutes(30));

        actions.retryDelivery(transfer.id(), "anna", "receiver is back");

        DeliveryJobs.Pending job = jobs.find(transfer.id()).orElseThrow();
        assertThat(job.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(job.pushUntil()).isEqualTo(clock.instant().plus(Duration.ofMinutes(15)));
        TransferEvent event = transfers.timeline(transfer.id()).get(1);
        assertThat(event.type()).isEqualTo(TransferEventType.DELIVERY_RETRY_REQUESTED);
        assertThat(event.actor()).isEqualTo("operator:anna");
        assertThat(event.detail()).contains("receiver is back");
        assertThat(jobs.pending(10)).singleElement().satisfies(p -> assertThat(p.transferId()).isEqualTo(transfer.id()));
        assertThat(jobs.claimDue(clock.instant(), 10, Duration.ofMinutes(1))).singleElement()
                .satisfies(claimed -> assertThat(claimed.pushUntil()).isEqualTo(job.pushUntil()));

        actions.switchToInbox(transfer.id(), "anna", "receiver asked for the inbox");
        assertThat(jobs.find(transfer.id())).isEmpty();
        assertThatThrownBy(() -> actions.switchToInbox(transfer.id(), "anna", "again"))
                .isInstanceOf(OperatorActions.ActionRefused.class);
    }

    @Test
    void aPullReceiversTransferIsNotPushedAndOnlyAWrongMunicipalityRejectionIsRedirected() {
        Transfer transfer = received("165", false);
        assertThat(actions.available(transfer)).containsExactly(OperatorActions.Action.CANCEL);
        assertThatThrownBy(() -> actions.retryDelivery(transfer.id(), "anna", "push it"))
                .hasMessageContaining("PULL");
        assertThatThrownBy(() -> actions.redirect(transfer.id(), "anna", "redirect it", Optional.of("751")))
                .hasMessageContaining("wrong municipality");
        assertThat(redirects).isEmpty();
        assertThat(transfers.timeline(transfer.id())).hasSize(1);
    }

    @Test
    void anEscalationIsCopiedForSendingAgainAndRecorded() {
        Transfer transfer = received("165", false);
        clock.advance(Duration.ofMinutes(16));
        watch.sweep();
        NotificationRepository.Sent overdue = notifications.forTransfer(transfer.id()).stream()
                .filter(n -> n.subject().equals("DEADLINE_OVERDUE")).findFirst().orElseThrow();
        int before = notifications.forTransfer(transfer.id()).size();
        clock.advance(Duration.ofMinutes(5));

        actions.resendEscalation(transfer.id(), "anna", "on-call missed it", overdue.id());

        List<NotificationRepository.Sent> after = notifications.forTransfer(transfer.id());
        assertThat(notifications.unsent(100)).as("the example webhooks are never called here")
                .hasSize(after.size()).allSatisfy(u -> assertThat(u.transferId()).isEqualTo(transfer.id()));
        assertThat(after).hasSize(before + 1);
        assertThat(after.get(after.size() - 1).webhook()).isEqualTo(overdue.webhook());
        assertThat(after.get(after.size() - 1).subject()).isEqualTo("DEADLINE_OVERDUE");
        assertThatThrownBy(() -> actions.resendEscalation(transfer.id(), "anna", "not ours", UUID.randomUUID()))
                .isInstanceOf(OperatorActions.ActionRefused.class);
    }

    @Test
    void aReasonIsRequiredShortAndFreeOfCprNumbers() {
        assertThatThrownBy(() -> OperatorActions.checkedReason(" ")).hasMessageContaining("give a reason");
        assertThatThrownBy(() -> OperatorActions.checkedReason("x".repeat(501))).hasMessageContaining("longer");
        assertThatThrownBy(() -> OperatorActions.checkedReason("barn 010115-4123")).hasMessageContaining("CPR");
        assertThat(OperatorActions.checkedReason("  sent by mistake ")).isEqualTo("sent by mistake");
    }

    @Test
    void sharesCountAnsweredTransfersAndThoseWhoseTimeRanOut() {
        ResponseShares shares = new ResponseShares(dataSource, DeadlinePolicy.defaults(), new DanishWorkingDays());
        PullDelivery delivery = new PullDelivery(transfers, new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")), clock);
        AcknowledgementRecorder recorder = new AcknowledgementRecorder(transfers,
                new AcknowledgementRepository(dataSource),
                new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")),
                new Escalations(new NotificationRepository(dataSource), code -> List.of()), clock);
        Transfer prompt = received("165", false);
        Transfer slow = received("165", false);
        Transfer silent = received("751", false);
        Transfer pending = received("751", false);
        for (Transfer transfer : List.of(prompt, slow, silent)) {
            delivery.downloaded(transfer, transfer.receiver());
        }
        clock.advance(Duration.ofHours(2));
        acknowledge(recorder, prompt, AcknowledgementKind.RECEIVED);
        acknowledge(recorder, prompt, AcknowledgementKind.TAKEN_OVER);
        clock.advance(Duration.ofHours(30));
        acknowledge(recorder, slow, AcknowledgementKind.RECEIVED);
        delivery.downloaded(pending, "751"); // delivered just now: its outcome is not known yet
        clock.advance(Duration.ofDays(10));
        acknowledge(recorder, slow, AcknowledgementKind.TAKEN_OVER);
        Instant now = clock.instant().minus(Duration.ofDays(9)); // pending's windows are still open then

        Map<String, ResponseShares.Shares> perReceiver = shares.perReceiver(YearMonth.of(2026, 10),
                YearMonth.of(2026, 10), now);

        assertThat(perReceiver.get("165").acknowledgedIn24Hours()).isEqualTo(new ResponseShares.Share(1, 2));
        assertThat(perReceiver.get("165").takenOverIn6WorkingDays()).as("slow took over after 10 days")
                .isEqualTo(new ResponseShares.Share(1, 2));
        assertThat(perReceiver.get("751").acknowledgedIn24Hours()).isEqualTo(new ResponseShares.Share(0, 1));
        Map<YearMonth, ResponseShares.Shares> months = shares.perMonth(YearMonth.of(2026, 9), YearMonth.of(2026, 11),
                null, clock.instant());
        assertThat(months).containsOnlyKeys(YearMonth.of(2026, 9), YearMonth.of(2026, 10), YearMonth.of(2026, 11));
        assertThat(months.get(YearMonth.of(2026, 10)).acknowledgedIn24Hours()).isEqualTo(new ResponseShares.Share(1, 4));
        assertThat(months.get(YearMonth.of(2026, 10)).takenOverIn6WorkingDays()).isEqualTo(new ResponseShares.Share(1, 4));
        assertThat(months.get(YearMonth.of(2026, 9)).acknowledgedIn24Hours().percent()).isEqualTo(-1);
    }

    void acknowledge(AcknowledgementRecorder recorder, Transfer transfer, AcknowledgementKind kind) {
        AcknowledgementStatement statement = new AcknowledgementStatement(transfer.id(),
                transfer.packetDigest(), kind, null, null, null);
        recorder.record(transfer, new AcknowledgementVerifier.Verified(statement, transfer.receiver(),
                "cd".repeat(32)), new byte[] {2});
    }
}
