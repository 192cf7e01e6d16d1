package dk.sagsbro.signature;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Certificate paths as the gateway trusts them: built from the configured trust anchors to the end entity, using
 * the certificates a caller sent only as candidates, never taking the caller's chain as it is. Revocation is then
 * checked on the path that was built.
 */
public final class CertificatePaths {
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String EMAIL_PROTECTION = "1.3.6.1.5.5.7.3.4";
    private static final String DOCUMENT_SIGNING = "1.3.6.1.5.5.7.3.36";
    private static final int DIGITAL_SIGNATURE = 0;
    private static final int NON_REPUDIATION = 1;

    /** What a certificate is used for: each allows its own extended key usages. */
    public enum Purpose {
        SIGNING(Set.of(ANY_EXTENDED_KEY_USAGE, EMAIL_PROTECTION, DOCUMENT_SIGNING, CLIENT_AUTH),
                "signing (digitalSignature or nonRepudiation; emailProtection, documentSigning or clientAuth)"),
        TLS_CLIENT(Set.of(ANY_EXTENDED_KEY_USAGE, CLIENT_AUTH), "TLS client authentication (digitalSignature; clientAuth)");

        private final Set<String> extendedKeyUsages;
        private final String description;

        Purpose(Set<String> extendedKeyUsages, String description) {
            this.extendedKeyUsages = extendedKeyUsages;
            this.description = description;
        }
    }

    /** Enough for every certificate of every municipality several times over; a hostile flood only empties it. */
    private static final int MAX_REMEMBERED_PATHS = 4096;

    private final TrustAnchors anchors;
    /**
     * Paths already built, by the end entity and the candidates it came with: building checks each certificate's
     * signature, which costs more than the whole rest of a packet's verification. A remembered path is used only
     * when every certificate on it is valid at the time asked for; otherwise it is built again.
     */
    private final Map<List<X509Certificate>, List<X509Certificate>> builtPaths = new ConcurrentHashMap<>();

    public CertificatePaths(TrustAnchors anchors) {
        this.anchors = anchors;
    }

    /**
     * @return the path from {@code endEntity} up to (not including) a trust anchor, valid at {@code at}, or empty
     *         when none can be built from the anchors and the candidate intermediates
     */
    public Optional<List<X509Certificate>> build(X509Certificate endEntity, Collection<X509Certificate> candidates,
            Instant at) {
        List<X509Certificate> asked = new ArrayList<>(candidates.size() + 1);
        asked.add(endEntity);
        asked.addAll(candidates);
        List<X509Certificate> remembered = builtPaths.get(asked);
        if (remembered != null && notValidAt(remembered, at).isEmpty()) {
            return Optional.of(remembered);
        }
        Optional<List<X509Certificate>> built = buildAnew(endEntity, candidates, at);
        built.ifPresent(path -> {
            if (builtPaths.size() >= MAX_REMEMBERED_PATHS) {
                builtPaths.clear();
            }
            builtPaths.put(List.copyOf(asked), path);
        });
        return built;
    }

    public TrustAnchors anchors() {
        return anchors;
    }

    private Optional<List<X509Certificate>> buildAnew(X509Certificate endEntity,
            Collection<X509Certificate> candidates, Instant at) {
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(endEntity);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors.asPkixAnchors(), target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            List<X509Certificate> store = new ArrayList<>(candidates);
            store.add(endEntity);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            PKIXCertPathBuilderResult result = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX")
                    .build(parameters);
            List<X509Certificate> path = new ArrayList<>();
            result.getCertPath().getCertificates().forEach(c -> path.add((X509Certificate) c));
            return Optional.of(List.copyOf(path));
        } catch (CertPathBuilderException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new VerifierUnavailableException("certificate path building is unavailable", e);
        }
    }

    /** @return why the certificate may not be used for the purpose (a CA, or its key usages forbid it), or empty */
    public static Optional<String> whyNotUsableFor(X509Certificate certificate, Purpose purpose) {
        if (certificate.getBasicConstraints() >= 0) {
            return Optional.of("a CA certificate may not be used for " + purpose.description);
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null) {
            boolean signs = keyUsage.length > DIGITAL_SIGNATURE && keyUsage[DIGITAL_SIGNATURE];
            boolean nonRepudiation = keyUsage.length > NON_REPUDIATION && keyUsage[NON_REPUDIATION];
            if (!(signs || (purpose == Purpose.SIGNING && nonRepudiation))) {
                return Optional.of("its key usage does not allow " + purpose.description);
            }
        }
        try {
            List<String> extended = certificate.getExtendedKeyUsage();
            if (extended != null && extended.stream().noneMatch(purpose.extendedKeyUsages::contains)) {
                return Optional.of("its extended key usage does not allow " + purpose.description);
            }
        } catch (CertificateParsingException e) {
            return Optional.of("its extended key usage cannot be read");
        }
        return Optional.empty();
    }

    /** @return the first certificate of the path (beyond the end entity) that is not valid at {@code at}, if any */
    public static Optional<X509Certificate> notValidAt(List<X509Certificate> path, Instant at) {
        Date date = Date.from(at);
        for (X509Certificate certificate : path) {
            try {
                certificate.checkValidity(date);
            } catch (java.security.cert.CertificateException e) {
                return Optional.of(certificate);
            }
        }
        return Optional.empty();
    }

    /** The gateway cannot check certificates at all (a missing algorithm): a fault of the gateway, not the caller. */
    public static final class VerifierUnavailableException extends IllegalStateException {
        public VerifierUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
