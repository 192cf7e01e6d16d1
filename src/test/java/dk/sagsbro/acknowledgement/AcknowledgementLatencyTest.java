package dk.sagsbro.acknowledgement;

import dk.sagsbro.delivery.DeliveryReceipts;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferMetrics;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The time from delivery to the receiver's RECEIVED acknowledgement, as the recorder reports it: nothing when the
 * acknowledgement itself delivers, and the time since the recorded delivery whether the transfer was read as delivered
 * or was delivered by a push after it was read; and only an acknowledgement that delivers signs a delivery receipt.
 */
class AcknowledgementLatencyTest {
    static final Instant RECEIVED_AT = Instant.parse("2026-11-23T09:00:00Z");

    MutableClock clock;
    TransferRepository transfers;
    TransferChanges changes;
    List<Duration> acknowledged;
    List<Duration> delivered;
    AcknowledgementRecorder recorder;

    DataSource dataSource;

    DataSource newDataSource() {
        return TestDatabases.freshMigrated();
    }

    @BeforeEach
    void setUp() {
        dataSource = newDataSource();
        clock = new MutableClock(RECEIVED_AT);
        transfers = new TransferRepository(dataSource);
        changes = new TransferChanges(transfers);
        acknowledged = new ArrayList<>();
        delivered = new ArrayList<>();
        TransferMetrics metrics = new TransferMetrics() {
            @Override
            public void delivered(Duration sinceReceived) {
                delivered.add(sinceReceived);
            }

            @Override
            public void acknowledged(Duration sinceDelivered) {
                acknowledged.add(sinceDelivered);
            }
        };
        recorder = new AcknowledgementRecorder(transfers, new AcknowledgementRepository(dataSource),
                new DeliveryReceipts(ExamplePki.signer("gateway")),
                new Escalations(new NotificationRepository(dataSource), code -> List.of()), clock, metrics);
    }

    Transfer received() {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 7, "ab".repeat(32), 1000,
                UUID.randomUUID().toString(), "test", null, RECEIVED_AT, null, RECEIVED_AT);
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(RECEIVED_AT, TransferEventType.RECEIVED,
                "101", null)));
        return transfer;
    }

    void pushed(Transfer transfer, Instant at) {
        assertThat(changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(), LifecycleEvent.DELIVER,
                List.of(new TransferEvent(at, TransferEventType.DELIVERED, "gateway", "pushed"))),
                connection -> { })).isTrue();
    }

    AcknowledgementRecorder.Recorded acknowledge(Transfer asRead) {
        AcknowledgementStatement statement = new AcknowledgementStatement(asRead.id(), asRead.packetDigest(),
                AcknowledgementKind.RECEIVED, null, null, null);
        return recorder.record(asRead, new AcknowledgementVerifier.Verified(statement, "165",
                UUID.randomUUID().toString()), new byte[] {2});
    }

    @Test
    void anAcknowledgementThatDeliversReportsNoTimeSinceDelivery() {
        Transfer transfer = received();
        clock.advance(Duration.ofSeconds(30));

        assertThat(acknowledge(transfer).status()).isEqualTo(TransferStatus.ACKNOWLEDGED);

        assertThat(delivered).containsExactly(Duration.ofSeconds(30));
        assertThat(acknowledged).containsExactly(Duration.ZERO);
        // it delivered, so it signed the delivery receipt
        assertThat(transfers.deliveryReceipt(transfer.id())).isPresent();
    }

    @Test
    void aTransferReadAsDeliveredReportsTheTimeSinceItsDelivery() {
        Transfer transfer = received();
        pushed(transfer, RECEIVED_AT.plusSeconds(2));
        Transfer asRead = transfers.find(transfer.id()).orElseThrow();
        assertThat(asRead.statusSince()).isEqualTo(RECEIVED_AT.plusSeconds(2));
        clock.advance(Duration.ofSeconds(47));

        acknowledge(asRead);

        assertThat(acknowledged).containsExactly(Duration.ofSeconds(45));
        assertThat(delivered).isEmpty();
    }

    @Test
    void aPushThatDeliversAfterTheReadIsTheDeliveryTheTimeIsCountedFrom() {
        Transfer transfer = received();
        Transfer asRead = transfers.find(transfer.id()).orElseThrow();
        pushed(transfer, RECEIVED_AT.plusSeconds(5));
        clock.advance(Duration.ofSeconds(8));

        acknowledge(asRead);

        assertThat(acknowledged).containsExactly(Duration.ofSeconds(3));
        assertThat(delivered).isEmpty();
        assertThat(transfers.find(transfer.id()).orElseThrow().status()).isEqualTo(TransferStatus.ACKNOWLEDGED);
        // the delivery was the push's (whose receipt this stand-in left out): the acknowledgement signs none for it
        assertThat(transfers.deliveryReceipt(transfer.id())).isEmpty();
    }
}
