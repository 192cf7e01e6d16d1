package dk.sagsbro.deadline;

import dk.sagsbro.delivery.PullDelivery;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.metadata.TransferKind;
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

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The deadline watch with a controlled clock, on the real schema (H2, migrated by Flyway). */
class DeadlineWatchTest {
    MutableClock clock;
    TransferRepository transfers;
    TransferChanges changes;
    DeadlineWatch watch;
    PullDelivery delivery;
    Escalations escalations;

    static Instant copenhagen(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), DanishWorkingDays.DANISH_TIME).toInstant();
    }

    @BeforeEach
    void freshDatabase() {
        javax.sql.DataSource dataSource = TestDatabases.freshMigrated();
        clock = new MutableClock(copenhagen("2026-12-22T10:00"));
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        escalations = new Escalations(new NotificationRepository(dataSource), code -> List.of());
        watch = new DeadlineWatch(transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(), escalations, clock);
        delivery = new PullDelivery(transfers, new dk.sagsbro.delivery.DeliveryReceipts(dk.sagsbro.support.ExamplePki.signer("gateway")), clock);
    }

    Transfer received(boolean urgent) {
        return received(TransferKind.HANDOVER, urgent);
    }

    Transfer received(TransferKind kind, boolean urgent) {
        Transfer transfer = new Transfer(UUID.randomUUID(), kind, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), urgent, false, false, 1, 7, "ab".repeat(32), 1000,
                UUID.randomUUID().toString(), "test", null, clock.instant(), null, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", null)));
        return transfer;
    }

    List<String> notices(Transfer transfer) {
        return transfers.timeline(transfer.id()).stream()
                .filter(e -> e.type() == TransferEventType.DEADLINE_REMINDER
                        || e.type() == TransferEventType.DEADLINE_OVERDUE)
                .map(e -> e.detail().substring(0, e.detail().indexOf(';'))).toList();
    }

    List<String> chases(Transfer transfer) {
        return transfers.timeline(transfer.id()).stream().filter(e -> e.type() == TransferEventType.DEADLINE_CHASED)
                .map(e -> e.detail().substring(0, e.detail().indexOf(';')))
                .filter(c -> c.startsWith("RECEIVED_ACKNOWLEDGEMENT")).toList();
    }

    @Test
    void orientationHasNoTakeoverDeadline() {
        Transfer orientation = received(TransferKind.ORIENTATION, false);
        Transfer handover = received(TransferKind.HANDOVER, false);
        clock.advance(Duration.ofDays(30));
        watch.sweep();
        assertThat(notices(orientation)).noneMatch(n -> n.startsWith("TAKEN_OVER"))
                .contains("RECEIVED_ACKNOWLEDGEMENT: overdue");
        assertThat(notices(handover)).contains("TAKEN_OVER: overdue");
    }

    @Test
    void anAcknowledgedOrientationHasEndedAndIsNoLongerWatched() {
        Transfer orientation = received(TransferKind.ORIENTATION, false);
        changes.transition(orientation.id(), new TransferChanges.Move(TransferKind.ORIENTATION,
                dk.sagsbro.transfer.LifecycleEvent.ACKNOWLEDGE_RECEIPT, List.of(new TransferEvent(clock.instant(),
                        TransferEventType.ACKNOWLEDGED, "165", null))), connection -> { });
        clock.advance(Duration.ofDays(30));
        watch.sweep();
        assertThat(notices(orientation)).isEmpty();
        assertThat(transfers.open()).noneMatch(t -> t.id().equals(orientation.id()));
    }

    @Test
    void receiverThatNeverDownloadsIsChasedAndCountedLateFromWhenThePacketWasAvailable() {
        Transfer transfer = received(false);
        clock.advance(Duration.ofHours(23).plusMinutes(59));
        watch.sweep();
        assertThat(notices(transfer)).doesNotContain("RECEIVED_ACKNOWLEDGEMENT: overdue");
        clock.advance(Duration.ofMinutes(2));
        watch.sweep();
        assertThat(notices(transfer)).contains("RECEIVED_ACKNOWLEDGEMENT: 50% of the time has passed",
                "RECEIVED_ACKNOWLEDGEMENT: overdue");
    }

    @Test
    void chasingDoesNotStopAtOneOverdueNoticeButRepeatsUntilSomeoneReacts() {
        Transfer transfer = received(false);
        clock.advance(Duration.ofHours(24).plusMinutes(1));
        watch.sweep();
        assertThat(chases(transfer)).isEmpty();
        clock.advance(Duration.ofHours(4));
        watch.sweep();
        assertThat(chases(transfer)).containsExactly("RECEIVED_ACKNOWLEDGEMENT: still unanswered, chase 1");
        watch.sweep();
        clock.advance(Duration.ofHours(24));
        watch.sweep();
        clock.advance(Duration.ofHours(24));
        watch.sweep();
        assertThat(chases(transfer)).containsExactly("RECEIVED_ACKNOWLEDGEMENT: still unanswered, chase 1",
                "RECEIVED_ACKNOWLEDGEMENT: still unanswered, chase 2",
                "RECEIVED_ACKNOWLEDGEMENT: still unanswered, chase 3");

        delivery.downloaded(transfer, "165");
        changes.transition(transfer.id(), new TransferChanges.Move(TransferKind.HANDOVER,
                dk.sagsbro.transfer.LifecycleEvent.ACKNOWLEDGE_RECEIPT, List.of(new TransferEvent(clock.instant(),
                        TransferEventType.ACKNOWLEDGED, "165", null))), connection -> { });
        clock.advance(Duration.ofHours(48));
        watch.sweep();
        assertThat(chases(transfer)).as("acknowledged: the receipt deadline is no longer chased")
                .noneMatch(c -> c.equals("RECEIVED_ACKNOWLEDGEMENT: still unanswered, chase 5"));
    }

    @Test
    void afterDowntimeOnlyTheLatestChaseIsSent() {
        Transfer transfer = received(false);
        clock.advance(Duration.ofDays(10));
        watch.sweep();
        assertThat(chases(transfer)).containsExactly("RECEIVED_ACKNOWLEDGEMENT: still unanswered, chase 9");
    }

    @Test
    void remindsAtHalfAndFourFifthsOfTheDeliveryTimeAndThenCallsItOverdue() {
        Transfer transfer = received(false);

        clock.advance(Duration.ofMinutes(7));
        watch.sweep();
        assertThat(notices(transfer)).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        watch.sweep();
        assertThat(notices(transfer)).containsExactly("DELIVERY: 50% of the time has passed");
        clock.advance(Duration.ofMinutes(8));
        watch.sweep();
        assertThat(notices(transfer)).containsExactly("DELIVERY: 50% of the time has passed",
                "DELIVERY: 80% of the time has passed", "DELIVERY: overdue");
    }

    @Test
    void recordsEachNoticeOnceHoweverManySweepsOrInstancesThereAre() {
        Transfer transfer = received(false);
        clock.advance(Duration.ofHours(1));
        DeadlineWatch otherInstance = new DeadlineWatch(transfers, DeadlinePolicy.defaults(),
                new DanishWorkingDays(), escalations, clock);

        int first = watch.sweep();
        int second = otherInstance.sweep();
        watch.sweep();

        assertThat(first).isEqualTo(3);
        assertThat(second).isZero();
        assertThat(notices(transfer)).hasSize(3);
    }

    @Test
    void catchesUpOnDeadlinesThatPassedWhileNoGatewayRan() {
        Transfer transfer = received(false);
        clock.advance(Duration.ofMinutes(1));
        delivery.downloaded(transfer, "165");

        clock.set(copenhagen("2027-01-08T09:00"));
        watch.sweep();

        assertThat(notices(transfer)).containsExactlyInAnyOrder(
                "RECEIVED_ACKNOWLEDGEMENT: 50% of the time has passed",
                "RECEIVED_ACKNOWLEDGEMENT: 80% of the time has passed", "RECEIVED_ACKNOWLEDGEMENT: overdue",
                "TAKEN_OVER: 50% of the time has passed", "TAKEN_OVER: 80% of the time has passed",
                "TAKEN_OVER: overdue");
    }

    @Test
    void anUrgentTransferIsOverdueForAcknowledgementAfterTwoHours() {
        Transfer transfer = received(true);
        delivery.downloaded(transfer, "165");

        clock.advance(Duration.ofHours(2).plusSeconds(1));
        watch.sweep();

        assertThat(notices(transfer)).contains("RECEIVED_ACKNOWLEDGEMENT: overdue")
                .doesNotContain("TAKEN_OVER: overdue");
    }

    @Test
    void takeoverIsOverdueOnlyAfterTheSixthWorkingDayAcrossChristmas() {
        Transfer transfer = received(false);
        delivery.downloaded(transfer, "165");

        clock.set(copenhagen("2027-01-05T23:59:59"));
        watch.sweep();
        assertThat(notices(transfer)).doesNotContain("TAKEN_OVER: overdue");
        clock.set(copenhagen("2027-01-06T00:00:01"));
        watch.sweep();
        assertThat(notices(transfer)).contains("TAKEN_OVER: overdue");
    }

    @Test
    void aDeliveredTransferNoLongerRunsAgainstTheDeliveryDeadline() {
        Transfer transfer = received(false);
        clock.advance(Duration.ofMinutes(5));
        delivery.downloaded(transfer, "165");

        clock.advance(Duration.ofMinutes(30));
        watch.sweep();

        assertThat(notices(transfer)).noneMatch(n -> n.startsWith("DELIVERY"));
    }
}
