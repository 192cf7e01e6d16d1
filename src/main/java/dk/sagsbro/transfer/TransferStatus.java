package dk.sagsbro.transfer;

/**
 * Where a transfer stands: {@code RECEIVED} (verified and stored) → {@code DELIVERED} (the receiver has the packet)
 * → {@code ACKNOWLEDGED} (the receiver confirmed receipt) → {@code TAKEN_OVER} (the receiver took the case over);
 * or {@code REJECTED} by the receiver, with a reason, and then possibly {@code REDIRECTED} by the sender to the right
 * municipality, as a new transfer.
 */
public enum TransferStatus {
    RECEIVED, DELIVERED, ACKNOWLEDGED, TAKEN_OVER, REJECTED, REDIRECTED;

    /** Whether the receiver still has to act: the transfer waits in its inbox. */
    public boolean waitingForReceiver() {
        return this == RECEIVED || this == DELIVERED;
    }
}
