package dk.sagsbro.transfer;

/**
 * Where a transfer stands: {@code RECEIVED} (verified and stored) → {@code DELIVERED} (the receiver has the packet)
 * → {@code ACKNOWLEDGED} (the receiver confirmed receipt) → {@code TAKEN_OVER} (the receiver took the case over);
 * or {@code REJECTED} by the receiver, with a reason, and then possibly {@code REDIRECTED} by the sender to the right
 * municipality, as a new transfer. An operator can {@code CANCEL} a transfer that is not yet taken over or
 * redirected: it leaves the receiver's inbox, its packet can no longer be downloaded and its deadlines stop.
 */
public enum TransferStatus {
    RECEIVED, DELIVERED, ACKNOWLEDGED, TAKEN_OVER, REJECTED, REDIRECTED, CANCELLED;

    /** Whether the receiver still has to act: the transfer waits in its inbox. */
    public boolean waitingForReceiver() {
        return this == RECEIVED || this == DELIVERED;
    }
}
