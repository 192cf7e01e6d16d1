package dk.sagsbro.transfer;

/**
 * Where a transfer stands: {@code RECEIVED} (verified and stored, available to the receiver) → {@code DELIVERED}
 * (the receiver has the packet) → {@code ACKNOWLEDGED} (the receiver confirmed receipt) → {@code TAKEN_OVER} (the
 * receiver took the case over); or {@code REJECTED} by the receiver, with a reason, and then possibly
 * {@code REDIRECTED} to the right municipality as a new transfer; or {@code CANCELLED} by an operator. Which event
 * is allowed in which state, and what it leads to, is described once, in {@link TransferLifecycle}.
 */
public enum TransferStatus {
    RECEIVED, DELIVERED, ACKNOWLEDGED, TAKEN_OVER, REJECTED, REDIRECTED, CANCELLED
}
