package dk.sagsbro.acknowledgement;

import java.time.Instant;
import java.util.UUID;

/** An acknowledgement as recorded; the signed bytes are kept beside it for download. */
public record StoredAcknowledgement(UUID id, UUID transferId, AcknowledgementKind kind, Instant receivedAt,
        String signedBy, RejectionReason reasonCode, String reasonText, String rightMunicipality,
        String signedDigest) {

    /**
     * Whether this is a rejection after which the transfer may continue elsewhere: sent to the wrong municipality, or
     * naming where the case belongs (the family has moved on).
     */
    public boolean allowsRedirect() {
        return kind == AcknowledgementKind.REJECTED
                && (reasonCode == RejectionReason.WRONG_MUNICIPALITY || rightMunicipality != null);
    }
}
