package dk.sagsbro.transfer;

/** The side a municipality takes in a transfer. */
public enum TransferRole {
    SENDER, RECEIVER
}
