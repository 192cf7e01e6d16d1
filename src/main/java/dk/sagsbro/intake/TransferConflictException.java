package dk.sagsbro.intake;

import java.util.UUID;

/** The transferId is already taken by a different packet. */
public class TransferConflictException extends RuntimeException {
    public TransferConflictException(UUID id) {
        super("transfer " + id + " was already submitted with a different packet");
    }
}
