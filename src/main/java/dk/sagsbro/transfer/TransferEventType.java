package dk.sagsbro.transfer;

/** What can happen to a transfer; each occurrence is an entry in its timeline. */
public enum TransferEventType {
    /** The packet was verified, found complete and stored. */
    RECEIVED,
    /** A supplement addressed to a redirected transfer went on to the transfer its packet continues in. */
    SUPPLEMENT_FOLLOWED_REDIRECT,
    /** A supplement brought a record that the transfer's packet announced would follow. */
    RECORD_FOLLOWED,
    /** The packet arrived after the move date it names. */
    SUBMITTED_LATE,
    /** The receiver downloaded the packet (every download is recorded). */
    DOWNLOADED,
    /** The packet reached the receiver for the first time. */
    DELIVERED,
    /** A push of the packet to the receiver's endpoint failed; it will be tried again. */
    DELIVERY_ATTEMPT_FAILED,
    /** Pushing stopped at the delivery deadline; the packet waits in the receiver's inbox. */
    DELIVERY_SWITCHED_TO_INBOX,
    /** The receiver's signed confirmation that it has the case and will assess it. */
    ACKNOWLEDGED,
    /** The receiver's signed confirmation that it has taken the case over. */
    TAKEN_OVER,
    /** The receiver's signed rejection, with a reason. */
    REJECTED,
    /** The sender redirected the rejected transfer to the right municipality, as a new transfer. */
    REDIRECTED,
    /** Part of the time for a deadline has passed (50% and 80% by default). */
    DEADLINE_REMINDER,
    /** A deadline has passed. */
    DEADLINE_OVERDUE,
    /** A missed deadline is still unanswered; chased again on the configured schedule until someone reacts. */
    DEADLINE_CHASED,
    /** An operator asked for the packet to be pushed again now. */
    DELIVERY_RETRY_REQUESTED,
    /** An operator cancelled the transfer. */
    CANCELLED,
    /** An operator sent an escalation notification again. */
    ESCALATION_RESENT,
    /** The transfer has stood still so long that its content will be deleted unless it moves on. */
    CONTENT_DELETION_WARNING,
    /** The packet's content was deleted, a grace period after the transfer ended (metadata stays). */
    PAYLOAD_DELETED
}
