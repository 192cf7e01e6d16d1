package dk.sagsbro.intake;

import java.io.InputStream;

/**
 * A packet arriving: its bytes, not yet read, the municipality whose client certificate sends it, and that
 * certificate's issuer and serial number for the audit trail (null when unknown).
 */
public record IntakeRequest(InputStream packet, String submitter, String submitterCertificate) {

    public IntakeRequest(InputStream packet, String submitter) {
        this(packet, submitter, null);
    }
}
