package dk.sagsbro.transfer;

import java.time.Instant;

/**
 * One entry in a transfer's timeline. {@code actor} is a municipality code, "gateway" or "operator:" and the
 * operator's login name; {@code certificate}, when the actor called over the API, is its client certificate's issuer
 * and serial number, kept on the audit trail with the event (not in the timeline).
 */
public record TransferEvent(Instant occurredAt, TransferEventType type, String actor, String detail,
        String certificate) {

    public TransferEvent(Instant occurredAt, TransferEventType type, String actor, String detail) {
        this(occurredAt, type, actor, detail, null);
    }
}
