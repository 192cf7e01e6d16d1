package dk.sagsbro.acknowledgement;

import java.time.Instant;
import java.util.UUID;

/** An acknowledgement as recorded; the signed bytes are kept beside it for download. */
public record StoredAcknowledgement(UUID id, UUID transferId, AcknowledgementKind kind, Instant receivedAt,
        String signedBy, RejectionReason reasonCode, String reasonText, String rightMunicipality,
        String signedDigest) {
}
