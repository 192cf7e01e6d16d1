package dk.sagsbro.acknowledgement;

import java.util.UUID;

/**
 * The JSON a receiving municipality signs: which transfer and packet it speaks of, what it says, and for a rejection
 * why (and, for the wrong municipality, which one is right).
 */
public record AcknowledgementStatement(UUID transferId, String packetDigest, AcknowledgementKind kind,
        RejectionReason reasonCode, String reasonText, String rightMunicipality) {
}
