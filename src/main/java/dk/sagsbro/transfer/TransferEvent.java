package dk.sagsbro.transfer;

import java.time.Instant;

/** One entry in a transfer's timeline. {@code actor} is a municipality code, "gateway" or
 * "operator:" and the operator's login name. */
public record TransferEvent(Instant occurredAt, TransferEventType type, String actor, String detail) {
}
