package dk.sagsbro.intake;

import java.io.InputStream;

/** A packet arriving: its bytes, not yet read, and the municipality whose client certificate sends it. */
public record IntakeRequest(InputStream packet, String submitter) {
}
