package dk.sagsbro.signature;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The certificate authorities whose certificates may sign packets and open TLS connections. */
public record TrustAnchors(List<X509Certificate> certificates) {

    public TrustAnchors {
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("at least one trust anchor is required");
        }
        certificates = List.copyOf(certificates);
    }

    Set<TrustAnchor> asPkixAnchors() {
        return certificates.stream().map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
    }
}
