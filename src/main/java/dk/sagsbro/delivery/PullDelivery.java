package dk.sagsbro.delivery;

import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferMetrics;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Delivery by pull: the receiver downloads the packet from its inbox. Every download is recorded; the first complete
 * one delivers the transfer.
 */
public final class PullDelivery {
    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final DeliveryReceipts receipts;
    private final Clock clock;
    private final TransferMetrics metrics;

    public PullDelivery(TransferRepository transfers, DeliveryReceipts receipts, Clock clock) {
        this(transfers, receipts, clock, TransferMetrics.NONE);
    }

    public PullDelivery(TransferRepository transfers, DeliveryReceipts receipts, Clock clock,
            TransferMetrics metrics) {
        this.transfers = transfers;
        this.changes = new TransferChanges(transfers);
        this.receipts = receipts;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** @return whether this download delivered the transfer */
    public boolean downloaded(Transfer transfer, String by) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        changes.addEvent(transfer.id(), new TransferEvent(now, TransferEventType.DOWNLOADED, by,
                transfer.packetSize() + " bytes"));
        boolean delivered = changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(),
                LifecycleEvent.DELIVER, List.of(new TransferEvent(now, TransferEventType.DELIVERED, by,
                        "downloaded from the inbox"))), receipts.issuing(transfer, now, "download by " + by));
        if (delivered) {
            metrics.delivered(java.time.Duration.between(transfer.receivedAt(), now));
        }
        return delivered;
    }
}
