package dk.sagsbro.transfer;

/** What can happen to a transfer; each occurrence is an entry in its timeline. */
public enum TransferEventType {
    /** The packet was verified, found complete and stored. */
    RECEIVED,
    /** The packet arrived after the move date it names. */
    SUBMITTED_LATE
}
