package dk.sagsbro.deadline;

/** The deadlines a transfer runs against (DOMAIN.md, "Time"). */
public enum DeadlineKind {
    /** The packet reaches the receiving municipality: minutes after it was received. */
    DELIVERY,
    /** The receiver confirms receipt: 24 clock hours after delivery (Barnets lov § 136), tighter when urgent. */
    RECEIVED_ACKNOWLEDGEMENT,
    /** The receiver confirms it has taken the case over: 6 working days after delivery. */
    TAKEN_OVER;

    /** The deadlines a transfer in {@code status} still runs against. */
    public static java.util.List<DeadlineKind> runningIn(dk.sagsbro.transfer.TransferStatus status) {
        return switch (status) {
            case RECEIVED -> java.util.List.of(DELIVERY);
            case DELIVERED -> java.util.List.of(RECEIVED_ACKNOWLEDGEMENT, TAKEN_OVER);
            case ACKNOWLEDGED -> java.util.List.of(TAKEN_OVER);
            default -> java.util.List.of();
        };
    }
}
