package dk.sagsbro.audit;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The hash-chained audit trail on the real schema: intact when untouched, and any change to it is found. */
class AuditTrailTest {
    MutableClock clock;
    DataSource dataSource;
    TransferRepository transfers;
    TransferChanges changes;
    AuditTrail trail;
    AuditAnchors anchors;

    DataSource newDataSource() {
        return TestDatabases.freshMigrated();
    }

    @BeforeEach
    void setUp() {
        clock = new MutableClock(Instant.parse("2026-11-02T09:00:00Z"));
        dataSource = newDataSource();
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        trail = new AuditTrail(dataSource);
        anchors = new AuditAnchors(dataSource, trail, ExamplePki.signer("gateway"), clock);
    }

    Transfer transferReceived() {
        return new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101", "165", "101",
                null, LocalDate.of(2026, 11, 1), false, false, false, 1, 7, "ab".repeat(32), 8,
                UUID.randomUUID().toString(), "test", null, clock.instant(), null, clock.instant());
    }

    Transfer deliveredAndAcknowledged() {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2026, 11, 1), false, false, false, 1, 7, "ab".repeat(32), 8,
                UUID.randomUUID().toString(), "test", null, clock.instant(), null, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", "verified")));
        clock.advance(Duration.ofMinutes(1));
        changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(), LifecycleEvent.DELIVER,
                List.of(new TransferEvent(clock.instant(), TransferEventType.DELIVERED, "165", "downloaded"))),
                connection -> { });
        trail.append(new AuditTrail.Record(clock.instant(), "165", "CN=Example #1f", AuditTrail.Read.READ_PACKET.name(),
                transfer.id(), "8 bytes"));
        changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(),
                LifecycleEvent.ACKNOWLEDGE_RECEIPT, List.of(new TransferEvent(clock.instant(),
                        TransferEventType.ACKNOWLEDGED, "165", null))), connection -> { });
        trail.seal();
        return transfer;
    }

    /** A transfer stored with its RECEIVED event, whose audit record is not sealed yet. */
    Transfer receivedAndRecorded() {
        Transfer transfer = transferReceived();
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", "verified")));
        return transfer;
    }

    long count(String table) {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement();
                var rows = s.executeQuery("select count(*) from " + table)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void sql(String statement) {
        try (Connection connection = dataSource.getConnection(); Statement s = connection.createStatement()) {
            s.executeUpdate(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyEventAndReadIsOnRecordInOrderWithWhoActed() {
        Transfer transfer = deliveredAndAcknowledged();

        List<AuditTrail.Entry> entries = trail.forTransfer(transfer.id());

        assertThat(entries).extracting(e -> e.record().action()).containsExactly("RECEIVED", "DELIVERED",
                "READ_PACKET", "ACKNOWLEDGED");
        assertThat(entries).extracting(AuditTrail.Entry::seq).containsExactly(1L, 2L, 3L, 4L);
        assertThat(entries.get(2).record().certificate()).isEqualTo("CN=Example #1f");
        assertThat(entries.get(1).previousHash()).isEqualTo(entries.get(0).hash());
        assertThat(anchors.verify()).satisfies(v -> {
            assertThat(v.intact()).isTrue();
            assertThat(v.entriesChecked()).isEqualTo(4);
        });
    }

    @Test
    void aChangedByteInAStoredEntryIsFoundAtThatEntry() {
        deliveredAndAcknowledged();
        sql("update audit_entry set actor = '166' where seq = 2");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(2L);
        assertThat(verification.problem()).contains("changed");
    }

    @Test
    void aChangedTimelineEventIsFoundThoughTheChainItselfWasNotTouched() {
        deliveredAndAcknowledged();
        sql("update transfer_event set detail = 'pushed' where type = 'DELIVERED'");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.firstBrokenSeq()).isEqualTo(2L);
        assertThat(verification.problem()).contains("timeline event");
    }

    @Test
    void aRemovedEntryInTheMiddleIsFound() {
        deliveredAndAcknowledged();
        sql("delete from audit_entry where seq = 3");

        assertThat(anchors.verify().firstBrokenSeq()).isEqualTo(3L);
    }

    @Test
    void aRewrittenChainIsFoundByItsLinks() {
        deliveredAndAcknowledged();
        // Recomputing one entry's hash honestly still breaks the link of the next one.
        AuditTrail.Entry second = trail.entry(2).orElseThrow();
        AuditTrail.Record forged = new AuditTrail.Record(second.record().occurredAt(), "999", null,
                second.record().action(), second.record().transferId(), second.record().detail());
        sql("update audit_entry set actor = '999', entry_hash = '" + AuditTrail.hash(2, forged, second.previousHash())
                + "' where seq = 2");

        assertThat(anchors.verify().firstBrokenSeq()).isEqualTo(3L);
    }

    @Test
    void entriesCutOffTheEndAreFoundByTheSignedAnchor() {
        deliveredAndAcknowledged();
        assertThat(anchors.anchor()).isPresent();
        assertThat(anchors.anchor()).as("the same head is anchored once").isEmpty();
        AuditTrail.Entry second = trail.entry(2).orElseThrow();
        sql("delete from transfer_event where audit_record in (select record_id from audit_entry where seq > 2)");
        sql("delete from audit_entry where seq > 2");
        sql("update audit_head set seq = 2, entry_hash = '" + second.hash() + "' where id = 1");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(3L);
        assertThat(verification.problem()).contains("removed");
    }

    @Test
    void entriesSealedAfterTheHeadWasReadAreWalkedWithoutAFalseAlarm() {
        deliveredAndAcknowledged();
        // As a verification sees it when a seal commits between its reading the head and walking the chain.
        AuditTrail.Entry third = trail.entry(3).orElseThrow();
        sql("update audit_head set seq = 3, entry_hash = '" + third.hash() + "' where id = 1");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.intact()).as(String.valueOf(verification.problem())).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(4);
    }

    @Test
    void aHeadWhoseHashIsNotItsEntrysIsFound() {
        deliveredAndAcknowledged();
        sql("update audit_head set entry_hash = '" + "f".repeat(64) + "' where id = 1");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.firstBrokenSeq()).isEqualTo(4L);
        assertThat(verification.problem()).contains("another hash");
    }

    @Test
    void aHeadPastTheChainsEndIsFound() {
        deliveredAndAcknowledged();
        sql("update audit_head set seq = 6 where id = 1");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.firstBrokenSeq()).isEqualTo(5L);
        assertThat(verification.problem()).contains("ends at entry 4 but its head names entry 6");
    }

    @Test
    void aForgedAnchorIsNotTakenForTheGateways() {
        deliveredAndAcknowledged();
        anchors.anchor();
        sql("update audit_anchor set anchored_at = anchored_at + interval '1' hour");

        assertThat(anchors.verify().problem()).contains("not signed by this gateway");
    }

    @Test
    void aRecordIsCommittedWithItsActionAndSealedIntoTheChainAfterwards() {
        Transfer transfer = receivedAndRecorded();

        assertThat(count("audit_pending")).as("recorded with the transfer's commit").isEqualTo(1);
        assertThat(count("audit_entry")).as("not yet in the chain").isZero();
        assertThat(trail.head().seq()).isZero();

        assertThat(trail.seal()).isEqualTo(1);

        assertThat(count("audit_pending")).isZero();
        List<AuditTrail.Entry> entries = trail.forTransfer(transfer.id());
        assertThat(entries).singleElement().satisfies(entry -> {
            assertThat(entry.seq()).isEqualTo(1);
            assertThat(entry.record().action()).isEqualTo("RECEIVED");
            assertThat(entry.previousHash()).isEqualTo(AuditTrail.GENESIS);
        });
        assertThat(trail.head()).isEqualTo(new AuditTrail.Head(1, entries.get(0).hash()));
        assertThat(trail.seal()).as("nothing is sealed twice").isZero();
    }

    @Test
    void aChangeThatRollsBackLeavesNoRecordToSeal() {
        Transfer transfer = receivedAndRecorded();
        trail.seal();

        try {
            changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(), LifecycleEvent.DELIVER,
                    List.of(new TransferEvent(clock.instant(), TransferEventType.DELIVERED, "165", "downloaded"))),
                    connection -> {
                        throw new IllegalStateException("the push's receipt could not be stored");
                    });
        } catch (RuntimeException expected) {
            // the change and its record went together
        }

        assertThat(count("audit_pending")).isZero();
        assertThat(trail.seal()).isZero();
        assertThat(anchors.verify().entriesChecked()).isEqualTo(1);
    }

    @Test
    void aRecordChangedBeforeItWasSealedIsFoundByItsTimelineEvent() {
        receivedAndRecorded();
        sql("update audit_pending set detail = 'nothing to see'");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.firstBrokenSeq()).isEqualTo(1L);
        assertThat(verification.problem()).contains("timeline event recorded as entry 1");
    }

    @Test
    void aRecordRemovedBeforeItWasSealedIsFoundByItsTimelineEvent() {
        receivedAndRecorded();
        sql("delete from audit_pending");

        AuditAnchors.Verification verification = anchors.verify();

        assertThat(verification.intact()).isFalse();
        assertThat(verification.problem()).contains("record is gone");
    }

    @Test
    void recordsFromManyThreadsAreSealedOnceEachIntoOneGaplessChainBySeveralSealersAtOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(18);
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicLong sealed = new java.util.concurrent.atomic.AtomicLong();
        try {
            // Two sealers, as two instances' seal routes, racing each other and the writers.
            List<Future<?>> sealers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                sealers.add(pool.submit(() -> {
                    while (writing.get()) {
                        sealed.addAndGet(trail.seal());
                    }
                }));
            }
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                done.add(pool.submit(() -> {
                    for (int j = 0; j < 25; j++) {
                        // Longer transactions than a bare append, as an intake's.
                        changes.insert(transferReceived(), new byte[] {1}, List.of(
                                new TransferEvent(Instant.now(), TransferEventType.RECEIVED, "101", null)));
                        trail.append(new AuditTrail.Record(Instant.now(), "gateway", null, "TEST", null, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            writing.set(false);
            for (Future<?> f : sealers) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        sealed.addAndGet(trail.seal());
        AuditAnchors.Verification verification = anchors.verify();
        assertThat(verification.intact()).as(String.valueOf(verification.problem())).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(16 * 25 * 2);
        assertThat(sealed.get()).as("each record sealed by exactly one sealer").isEqualTo(16 * 25 * 2);
        assertThat(count("audit_pending")).isZero();
    }
}
