package dk.sagsbro.transfer;

/** The deadlines a transfer runs against (docs/domain.md, "Time"); which run in which state is in {@link TransferLifecycle}. */
public enum DeadlineKind {
    /** The packet reaches the receiving municipality: minutes after it was received. */
    DELIVERY,
    /**
     * The receiver confirms receipt: 24 clock hours (Barnets lov § 136), tighter when urgent, from the moment the
     * packet is available to the receiver, whether or not it has fetched it.
     */
    RECEIVED_ACKNOWLEDGEMENT,
    /** The receiver confirms it has taken the case over: 6 working days after the packet became available. */
    TAKEN_OVER
}
