package dk.sagsbro.signature;

import dk.sagsbro.problem.Problem;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * The outcome of checking a CMS signature: the signer's certificate (when one could be identified), the time it
 * claims to have signed at, the signed content (for encapsulated signatures) and every problem found.
 */
public record SignatureCheck(X509Certificate signer, Instant signingTime, byte[] content, List<Problem> problems) {

    public boolean valid() {
        return problems.isEmpty();
    }
}
