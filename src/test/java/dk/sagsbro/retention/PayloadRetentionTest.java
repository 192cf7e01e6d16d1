package dk.sagsbro.retention;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Packet content is deleted a grace period after its transfers ended, and not before; on the real schema. */
class PayloadRetentionTest {
    static final Duration GRACE = Duration.ofDays(30);
    static final Duration STUCK = Duration.ofDays(90);
    static final Duration WARNING = Duration.ofDays(14);

    @TempDir
    Path directory;

    MutableClock clock;
    DataSource dataSource;
    TransferRepository transfers;
    TransferChanges changes;
    PayloadStore payloads;
    PayloadRetention retention;
    NotificationRepository notifications;

    @BeforeEach
    void setUp() throws IOException {
        clock = new MutableClock(Instant.parse("2026-10-05T08:00:00Z"));
        dataSource = newDataSource();
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        payloads = newPayloadStore();
        notifications = new NotificationRepository(dataSource);
        retention = new PayloadRetention(dataSource, payloads, GRACE, STUCK, WARNING, new Escalations(notifications,
                code -> List.of(URI.create("https://" + code + ".example/escalations"))), clock);
    }

    /** The local directory here; PayloadRetentionOnPostgresAndS3Test runs the same tests on an S3 bucket. */
    PayloadStore newPayloadStore() throws IOException {
        return new PayloadStore(directory.resolve("payloads"), new byte[32]);
    }

    /** H2 here; PayloadRetentionOnPostgresTest runs the same tests on PostgreSQL. */
    DataSource newDataSource() {
        return TestDatabases.freshMigrated();
    }

    String storedPacket() throws IOException {
        try (PayloadStore.Pending pending = payloads.create()) {
            pending.output().write("a packet".getBytes(StandardCharsets.UTF_8));
            pending.commit();
            return pending.reference();
        }
    }

    Transfer received(String payload, UUID redirectedFrom) {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2026, 11, 1), false, false, false, 1, 7, "ab".repeat(32), 8,
                payload, "test", null, clock.instant(), redirectedFrom, clock.instant());
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(clock.instant(),
                TransferEventType.RECEIVED, "101", null)));
        return transfer;
    }

    /** Walks the transfer through the lifecycle to {@code status}, the last step recorded as {@code event}. */
    void end(Transfer transfer, TransferStatus status, TransferEventType event) {
        List<LifecycleEvent> path = switch (status) {
            case ACKNOWLEDGED -> List.of(LifecycleEvent.DELIVER, LifecycleEvent.ACKNOWLEDGE_RECEIPT);
            case TAKEN_OVER -> List.of(LifecycleEvent.DELIVER, LifecycleEvent.ACKNOWLEDGE_RECEIPT,
                    LifecycleEvent.ACKNOWLEDGE_TAKEOVER);
            case REJECTED -> List.of(LifecycleEvent.DELIVER, LifecycleEvent.REJECT);
            case REDIRECTED -> List.of(LifecycleEvent.DELIVER, LifecycleEvent.REJECT, LifecycleEvent.REDIRECT);
            case CANCELLED -> List.of(LifecycleEvent.CANCEL);
            default -> throw new IllegalArgumentException(status.name());
        };
        for (LifecycleEvent step : path) {
            assertThat(changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(), step,
                    List.of(new TransferEvent(clock.instant(), event, "165", null))), connection -> { })).isTrue();
        }
    }

    List<TransferEventType> events(Transfer transfer) {
        return transfers.timeline(transfer.id()).stream().map(TransferEvent::type).toList();
    }

    @Test
    void aTakenOverPacketIsDeletedOnceTheGracePeriodHasPassedAndNotBefore() throws IOException {
        Transfer transfer = received(storedPacket(), null);
        end(transfer, TransferStatus.TAKEN_OVER, TransferEventType.TAKEN_OVER);

        clock.advance(GRACE.minus(Duration.ofMinutes(1)));
        assertThat(retention.sweep()).isZero();
        payloads.open(transfer.payloadReference()).close();

        clock.advance(Duration.ofMinutes(2));
        assertThat(retention.sweep()).isEqualTo(1);
        assertThatThrownBy(() -> payloads.open(transfer.payloadReference())).isInstanceOf(IOException.class);
        assertThat(retention.deleted(transfer.id())).isTrue();
        assertThat(events(transfer)).endsWith(TransferEventType.PAYLOAD_DELETED);
        assertThat(transfers.receipt(transfer.id())).as("the receipt stays").isPresent();

        assertThat(retention.sweep()).isZero();
        assertThat(events(transfer).stream().filter(e -> e == TransferEventType.PAYLOAD_DELETED)).hasSize(1);
    }

    @Test
    void aCancelledTransfersPacketIsDeletedAfterTheGracePeriod() throws IOException {
        Transfer transfer = received(storedPacket(), null);
        end(transfer, TransferStatus.CANCELLED, TransferEventType.CANCELLED);
        clock.advance(GRACE.plusHours(1));

        assertThat(retention.sweep()).isEqualTo(1);
        assertThat(retention.deleted(transfer.id())).isTrue();
    }

    @Test
    void transfersThatHaveNotEndedKeepTheirPacketsUntilTheyHaveStoodStillForTheStuckPeriod() throws IOException {
        Transfer waiting = received(storedPacket(), null);
        Transfer acknowledged = received(storedPacket(), null);
        end(acknowledged, TransferStatus.ACKNOWLEDGED, TransferEventType.ACKNOWLEDGED);
        Transfer rejected = received(storedPacket(), null);
        end(rejected, TransferStatus.REJECTED, TransferEventType.REJECTED);
        clock.advance(STUCK.minus(WARNING).minusHours(1));

        assertThat(retention.sweep()).isZero();
        for (Transfer transfer : List.of(waiting, acknowledged, rejected)) {
            payloads.open(transfer.payloadReference()).close();
            assertThat(retention.deleted(transfer.id())).isFalse();
            assertThat(events(transfer)).doesNotContain(TransferEventType.CONTENT_DELETION_WARNING);
        }
    }

    @Test
    void contentOfATransferStuckAcknowledgedIsDeletedOnlyAfterBothPartiesWereWarned() throws IOException {
        Transfer stuck = received(storedPacket(), null);
        end(stuck, TransferStatus.ACKNOWLEDGED, TransferEventType.ACKNOWLEDGED);
        clock.advance(STUCK.minus(WARNING).plusHours(1));

        assertThat(retention.sweep()).isZero();
        assertThat(events(stuck)).endsWith(TransferEventType.CONTENT_DELETION_WARNING);
        assertThat(notifications.forTransfer(stuck.id())).extracting(n -> n.webhook().getHost())
                .containsExactlyInAnyOrder("101.example", "165.example");
        retention.sweep();
        assertThat(events(stuck).stream().filter(e -> e == TransferEventType.CONTENT_DELETION_WARNING))
                .as("warned once").hasSize(1);

        clock.advance(WARNING.minusMinutes(1));
        assertThat(retention.sweep()).as("not before the warning period has passed").isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(retention.sweep()).isEqualTo(1);
        assertThat(retention.deleted(stuck.id())).isTrue();
        assertThat(transfers.find(stuck.id()).orElseThrow().status()).as("the state is what it was")
                .isEqualTo(TransferStatus.ACKNOWLEDGED);
    }

    @Test
    void afterDowntimeAStuckTransferIsWarnedFirstAndDeletedAWarningPeriodLater() throws IOException {
        Transfer stuck = received(storedPacket(), null);
        end(stuck, TransferStatus.REJECTED, TransferEventType.REJECTED);
        clock.advance(Duration.ofDays(400));

        assertThat(retention.sweep()).isZero();
        clock.advance(WARNING.minusHours(1));
        assertThat(retention.sweep()).isZero();
        clock.advance(Duration.ofHours(2));
        assertThat(retention.sweep()).isEqualTo(1);
    }

    @Test
    void aStuckTransferThatMovesOnAfterTheWarningKeepsItsContent() throws IOException {
        Transfer stuck = received(storedPacket(), null);
        end(stuck, TransferStatus.ACKNOWLEDGED, TransferEventType.ACKNOWLEDGED);
        clock.advance(STUCK.minus(WARNING).plusHours(1));
        retention.sweep();

        changes.transition(stuck.id(), new TransferChanges.Move(stuck.kind(), LifecycleEvent.ACKNOWLEDGE_TAKEOVER,
                List.of(new TransferEvent(clock.instant(), TransferEventType.TAKEN_OVER, "165", null))),
                connection -> { });
        clock.advance(WARNING.plusDays(1));

        assertThat(retention.sweep()).as("taken over: the grace period after the end applies").isZero();
        assertThat(retention.deleted(stuck.id())).isFalse();
    }

    @Test
    void aPacketTheReceiverNeverHadIsKeptAndChasedNotDeleted() throws IOException {
        Transfer neverFetched = received(storedPacket(), null);
        clock.advance(Duration.ofDays(400));

        retention.sweep();
        clock.advance(WARNING.plusDays(1));

        assertThat(retention.sweep()).isZero();
        assertThat(events(neverFetched)).doesNotContain(TransferEventType.CONTENT_DELETION_WARNING);
    }

    @Test
    void aRedirectedPacketIsKeptUntilTheTransferItBecameHasEnded() throws IOException {
        String packet = storedPacket();
        Transfer first = received(packet, null);
        end(first, TransferStatus.REDIRECTED, TransferEventType.REDIRECTED);
        Transfer second = received(packet, first.id());
        clock.advance(Duration.ofDays(100));
        assertThat(retention.sweep()).as("the second transfer still waits").isZero();

        end(second, TransferStatus.TAKEN_OVER, TransferEventType.TAKEN_OVER);
        clock.advance(GRACE.plusDays(1));
        assertThat(retention.sweep()).isEqualTo(1);

        assertThat(retention.deleted(first.id())).isTrue();
        assertThat(retention.deleted(second.id())).isTrue();
        assertThat(events(first)).endsWith(TransferEventType.PAYLOAD_DELETED);
    }

    @Test
    void aSweepInterruptedAfterDeletingTheFileIsCompletedByTheNext() throws IOException {
        Transfer transfer = received(storedPacket(), null);
        end(transfer, TransferStatus.TAKEN_OVER, TransferEventType.TAKEN_OVER);
        clock.advance(GRACE.plusDays(1));
        payloads.delete(transfer.payloadReference()); // as if the instance died right after deleting the file

        assertThat(retention.sweep()).isEqualTo(1);
        assertThat(retention.deleted(transfer.id())).isTrue();
    }

    /** What intakes leave behind: a packet a transfer carries, one none refers to, and an upload cut off. */
    record Leftovers(String carried, String unreferenced, PayloadStore.Pending cutOff) {
    }

    Leftovers leaveBehind(int cutOffBytes) throws IOException {
        String carried = storedPacket();
        received(carried, null);
        String unreferenced = storedPacket();
        PayloadStore.Pending cutOff = payloads.create();
        cutOff.output().write(new byte[cutOffBytes]);
        cutOff.output().flush();
        return new Leftovers(carried, unreferenced, cutOff);
    }

    @Test
    void theOrphanSweepRemovesUnfinishedAndUnreferencedFilesLeftUntouchedAndKeepsEveryPacketATransferCarries()
            throws IOException {
        Leftovers left = leaveBehind(4096);
        String carried = left.carried();
        String unreferenced = left.unreferenced();
        PayloadStore.Pending cutOff = left.cutOff();
        String fresh = storedPacket();
        Path store = directory.resolve("payloads");
        java.nio.file.attribute.FileTime hoursAgo = java.nio.file.attribute.FileTime.from(
                Instant.now().minus(Duration.ofHours(3)));
        for (String old : List.of(carried + ".enc", unreferenced + ".enc", cutOff.reference() + ".part")) {
            java.nio.file.Files.setLastModifiedTime(store.resolve(old), hoursAgo);
        }

        int removed = retention.sweepOrphans(Instant.now().minus(PayloadStore.DEFAULT_ORPHAN_GRACE));

        assertThat(removed).isEqualTo(2);
        assertThat(store.resolve(carried + ".enc")).exists();
        assertThat(store.resolve(fresh + ".enc")).as("too recent to judge").exists();
        assertThat(store.resolve(unreferenced + ".enc")).doesNotExist();
        assertThat(store.resolve(cutOff.reference() + ".part")).doesNotExist();
    }
}
