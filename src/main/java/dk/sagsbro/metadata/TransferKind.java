package dk.sagsbro.metadata;

/** What a transfer is: a handover of responsibility, an orientation (placed child), or late documents. */
public enum TransferKind {
    HANDOVER, ORIENTATION, SUPPLEMENT
}
