package dk.sagsbro.transfer;

/** What may happen to a transfer; {@link TransferLifecycle} says in which states each is allowed. */
public enum LifecycleEvent {
    /** The packet reached the receiver: its endpoint accepted a push, or it completed a download. */
    DELIVER,
    /** The receiver's signed confirmation that it has the packet and has read it (a signed answer also delivers). */
    ACKNOWLEDGE_RECEIPT,
    /** The receiver's signed confirmation that it has taken the case over (a HANDOVER only). */
    ACKNOWLEDGE_TAKEOVER,
    /** The receiver's signed rejection, with a reason. */
    REJECT,
    /** The rejected transfer continues to another municipality, as a new transfer in the same chain. */
    REDIRECT,
    /** An operator stops the transfer. */
    CANCEL,
    /** An operator asks for the packet to be pushed again now. */
    RETRY_DELIVERY,
    /** A supplement with late documents is submitted for this transfer. */
    ADD_SUPPLEMENT,
    /** The receiver reads the packet's content. */
    READ_PACKET,
    /** Retention deletes the packet's content; the metadata, receipts and audit trail stay. */
    DELETE_CONTENT,
    /**
     * Retention deletes the content of a transfer stuck where the receiver has the packet but never finished it
     * (delivered, acknowledged or rejected, for the configured period, after a warning to both parties).
     */
    EXPIRE_CONTENT
}
