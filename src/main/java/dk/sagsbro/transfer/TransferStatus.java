package dk.sagsbro.transfer;

/** Where a transfer stands. A transfer is RECEIVED once its packet has been verified and durably stored. */
public enum TransferStatus {
    RECEIVED
}
