package dk.sagsbro.intake;

import dk.sagsbro.transfer.Transfer;

/** An accepted packet: the stored transfer, and whether this submission repeated an earlier identical one. */
public record IntakeResult(Transfer transfer, boolean repeated) {
}
