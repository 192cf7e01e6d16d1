package dk.sagsbro.deadline;

import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.PostgresServer;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sweep reads only the transfers whose deadline check has come (stored with each transfer), and records exactly
 * what a sweep that looks at every open transfer records.
 */
class DeadlineChecksTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    static final Instant START = DeadlineWatchTest.copenhagen("2026-12-18T09:00");
    static final List<TransferEventType> NOTICES = List.of(TransferEventType.DEADLINE_REMINDER,
            TransferEventType.DEADLINE_OVERDUE, TransferEventType.DEADLINE_CHASED);

    /** One database with its clock, its repository and the watch that sweeps it. */
    static final class World {
        final MutableClock clock = new MutableClock(START);
        final DataSource dataSource;
        final TransferRepository transfers;
        final TransferChanges changes;
        final Escalations escalations;
        DeadlineWatch watch;

        World(DataSource dataSource) {
            this.dataSource = dataSource;
            this.transfers = new TransferRepository(dataSource,
                    new DeadlineSchedule(DeadlinePolicy.defaults(), new DanishWorkingDays())::firstCheck);
            this.changes = new TransferChanges(transfers);
            this.escalations = new Escalations(new NotificationRepository(dataSource), code -> List.of());
            this.watch = newWatch();
        }

        DeadlineWatch newWatch() {
            return new DeadlineWatch(transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(), escalations,
                    clock);
        }

        Transfer receive(UUID id, TransferKind kind, boolean urgent) {
            Transfer transfer = new Transfer(id, kind, TransferStatus.RECEIVED, "101", "165", "101", null,
                    LocalDate.of(2027, 1, 1), urgent, false, false, 1, 7, "ab".repeat(32), 1000,
                    UUID.randomUUID().toString(), "test", null, clock.instant(), null, clock.instant());
            changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                    TransferEventType.RECEIVED, "101", null)));
            return transfer;
        }

        void move(Transfer transfer, LifecycleEvent event, TransferEventType recorded) {
            changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(), event,
                    List.of(new TransferEvent(clock.instant(), recorded, "165", null))), connection -> { });
        }

        List<String> notices(Transfer transfer) {
            return transfers.timeline(transfer.id()).stream().filter(e -> NOTICES.contains(e.type()))
                    .map(e -> e.occurredAt() + " " + e.type() + " " + e.detail()).toList();
        }

        Instant checkAt(Transfer transfer) throws SQLException {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement select = connection.prepareStatement(
                            "select deadline_check_at from transfer where id = ?")) {
                select.setObject(1, transfer.id());
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    OffsetDateTime at = rows.getObject(1, OffsetDateTime.class);
                    return at == null ? null : at.toInstant();
                }
            }
        }
    }

    @Test
    void aLaterSweepReadsOnlyTheTransfersWhoseCheckHasCome() throws SQLException {
        World world = new World(POSTGRES.freshDatabase());
        Transfer early = world.receive(UUID.randomUUID(), TransferKind.HANDOVER, false);
        assertThat(world.checkAt(early)).as("stored with the transfer: its first reminder, at half the delivery time")
                .isEqualTo(early.receivedAt().plus(Duration.ofSeconds(450)));
        world.clock.advance(Duration.ofMinutes(5));
        Transfer late = world.receive(UUID.randomUUID(), TransferKind.HANDOVER, false);
        world.watch.sweep();

        world.clock.advance(Duration.ofMinutes(3));
        assertThat(world.transfers.deadlineChecksDue(world.clock.instant(), 10))
                .extracting(TransferRepository.WatchedTransfer::id).containsExactly(early.id());
        assertThat(world.watch.sweep()).isEqualTo(1);
        assertThat(world.transfers.deadlineChecksDue(world.clock.instant(), 10)).isEmpty();
        assertThat(world.checkAt(early)).as("next: the reminder at four fifths")
                .isEqualTo(early.receivedAt().plus(Duration.ofMinutes(12)));
        assertThat(world.checkAt(late)).isEqualTo(late.receivedAt().plus(Duration.ofSeconds(450)));
    }

    @Test
    void aTransferThatHasEndedIsReadOnceMoreAndThenNeverAgain() throws SQLException {
        World world = new World(POSTGRES.freshDatabase());
        Transfer orientation = world.receive(UUID.randomUUID(), TransferKind.ORIENTATION, false);
        world.watch.sweep();
        world.move(orientation, LifecycleEvent.ACKNOWLEDGE_RECEIPT, TransferEventType.ACKNOWLEDGED);
        assertThat(world.checkAt(orientation)).isNotNull();

        world.clock.advance(Duration.ofDays(30));
        world.watch.sweep();

        assertThat(world.notices(orientation)).isEmpty();
        assertThat(world.checkAt(orientation)).isNull();
        assertThat(world.transfers.deadlineChecksDue(world.clock.instant().plus(Duration.ofDays(3650)), 10))
                .isEmpty();
    }

    @Test
    void aSweepGoesOnPageByPageUntilNothingIsDue() throws SQLException {
        World world = new World(POSTGRES.freshDatabase());
        int page = 4;
        world.watch = new DeadlineWatch(world.transfers, DeadlinePolicy.defaults(), new DanishWorkingDays(),
                world.escalations, world.clock, page);
        world.watch.sweep();
        List<Transfer> many = new ArrayList<>();
        for (int i = 0; i < page * 2 + 3; i++) {
            many.add(world.receive(UUID.randomUUID(), TransferKind.HANDOVER, false));
        }
        world.clock.advance(Duration.ofMinutes(8));

        assertThat(world.watch.sweep()).isEqualTo(many.size());
        assertThat(world.transfers.deadlineChecksDue(world.clock.instant(), 10)).isEmpty();
    }

    /**
     * The same transfers, received, moved on and swept at the same random times in two databases: on PostgreSQL a
     * watch that reads only what is due, on H2 a new watch for every sweep (a watch's first sweep looks at every
     * open transfer). Both must record the same notices, at the same times, for every transfer.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void sweepingWhatIsDueRecordsWhatLookingAtEveryOpenTransferRecords(long seed) {
        World due = new World(POSTGRES.freshDatabase());
        World every = new World(TestDatabases.freshMigrated());
        Random random = new Random(seed);
        List<Transfer> inDue = new ArrayList<>();
        List<Transfer> inEvery = new ArrayList<>();
        // The instants at which something falls due (reminders, due times, first chases), from the policy alone: half
        // the sweeps land on one of them or a millisecond after, where a schedule a little late would miss it.
        java.util.TreeSet<Instant> boundaries = new java.util.TreeSet<>();
        // some ten days from 18 December, across Christmas, where working days are few
        for (int step = 0; step < 80; step++) {
            Instant next = boundaries.higher(due.clock.instant());
            Duration wait = random.nextBoolean() && next != null
                    ? Duration.between(due.clock.instant(), next).plusMillis(random.nextInt(2))
                    : Duration.ofMinutes(1 + random.nextInt(random.nextBoolean() ? 20 : 16 * 60));
            due.clock.advance(wait);
            every.clock.advance(wait);
            int action = random.nextInt(6);
            if (action <= 1 || inDue.isEmpty()) {
                UUID id = UUID.randomUUID();
                TransferKind kind = TransferKind.values()[random.nextInt(TransferKind.values().length)];
                boolean urgent = random.nextInt(4) == 0;
                inDue.add(due.receive(id, kind, urgent));
                inEvery.add(every.receive(id, kind, urgent));
                for (dk.sagsbro.transfer.DeadlineKind deadlineKind : dk.sagsbro.transfer.DeadlineKind.values()) {
                    Deadline deadline = DeadlinePolicy.defaults().deadline(deadlineKind, due.clock.instant(), urgent,
                            new DanishWorkingDays());
                    boundaries.addAll(deadline.reminders());
                    boundaries.add(deadline.due());
                    boundaries.add(deadline.due().plus(Duration.ofHours(4)));
                    boundaries.add(deadline.due().plus(Duration.ofHours(28)));
                }
            } else {
                int which = random.nextInt(inDue.size());
                LifecycleEvent event = List.of(LifecycleEvent.DELIVER, LifecycleEvent.ACKNOWLEDGE_RECEIPT,
                        LifecycleEvent.ACKNOWLEDGE_TAKEOVER, LifecycleEvent.CANCEL).get(random.nextInt(4));
                TransferEventType recorded = switch (event) {
                    case DELIVER -> TransferEventType.DELIVERED;
                    case ACKNOWLEDGE_RECEIPT -> TransferEventType.ACKNOWLEDGED;
                    case ACKNOWLEDGE_TAKEOVER -> TransferEventType.TAKEN_OVER;
                    default -> TransferEventType.CANCELLED;
                };
                due.move(inDue.get(which), event, recorded);
                every.move(inEvery.get(which), event, recorded);
            }
            int recordedByDue = due.watch.sweep();
            every.watch = every.newWatch();
            int recordedByEvery = every.watch.sweep();
            assertThat(recordedByDue).as("notices recorded in step %d", step).isEqualTo(recordedByEvery);
        }
        int notices = 0;
        for (int i = 0; i < inDue.size(); i++) {
            assertThat(due.notices(inDue.get(i))).as("transfer %d", i).isEqualTo(every.notices(inEvery.get(i)));
            notices += every.notices(inEvery.get(i)).size();
        }
        assertThat(notices).as("the walk reached reminders, overdue notices and chases").isGreaterThan(20);
    }
}
