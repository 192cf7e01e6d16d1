package dk.sagsbro.intake;

import dk.sagsbro.transfer.Transfer;

/**
 * An accepted packet: the stored transfer, whether this submission repeated an earlier identical one, and whether
 * this submission's commit left a push for the delivery route to make.
 */
public record IntakeResult(Transfer transfer, boolean repeated, boolean awaitsPush) {
}
