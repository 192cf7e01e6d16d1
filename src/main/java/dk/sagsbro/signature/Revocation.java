package dk.sagsbro.signature;

import dk.sagsbro.problem.ProblemType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.cert.CRL;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Certificate revocation from CRLs that the operators keep current (fetched from the issuing CAs' distribution
 * points, e.g. by a scheduled job) and that the gateway re-reads every {@code reloadInterval}. A CRL counts only when
 * its issuer's key verifies it; a revocation entry counts from any such CRL, while "not revoked" needs a current one
 * ({@code nextUpdate} not passed). Every certificate of a path but the trust anchor is checked. With no current CRL for an issuer, {@link Mode#SOFT} accepts (and logs), {@link Mode#HARD}
 * refuses. A certificate revoked at any time before now is refused, whatever signing time a signature claims.
 */
public final class Revocation {
    private static final System.Logger LOG = System.getLogger(Revocation.class.getName());
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** How strictly revocation is checked. */
    public enum Mode {
        /** Not at all. */
        OFF,
        /** A revoked certificate is refused; one whose status cannot be established is accepted. */
        SOFT,
        /** A revoked certificate is refused, and so is one without a current CRL from its issuer. */
        HARD
    }

    /** Why a certificate may not be used. */
    public record Refusal(ProblemType type, String detail) {
    }

    public static final Revocation NONE = new Revocation(Mode.OFF, List.of(), Duration.ofDays(1), Clock.systemUTC(),
            location -> {
                throw new IllegalStateException("no CRLs");
            });

    private final Mode mode;
    private final List<String> locations;
    private final Duration reloadInterval;
    private final Clock clock;
    private final Function<String, InputStream> opener;
    private volatile List<X509CRL> crls = List.of();
    /**
     * Whether a CRL verifies with an issuer's key, remembered per CRL object (by identity: a CRL's own hash code
     * reads all its bytes, and a CRL can be megabytes while clients call often).
     */
    private final java.util.Map<X509CRL, java.util.Map<java.security.PublicKey, Boolean>> verified =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private volatile Instant loadedAt = Instant.MIN;

    /**
     * @param locations the CRL files (PEM or DER, one or more CRLs each)
     * @param opener    opens a location
     */
    public Revocation(Mode mode, List<String> locations, Duration reloadInterval, Clock clock,
            Function<String, InputStream> opener) {
        this.mode = mode;
        this.locations = List.copyOf(locations);
        this.reloadInterval = reloadInterval;
        this.clock = clock;
        this.opener = opener;
        if (mode != Mode.OFF) {
            reload(); // an unreadable CRL file stops the start-up, as a broken configuration should
        }
    }

    public Mode mode() {
        return mode;
    }

    /**
     * @param path    the certificate and the intermediates above it, leaf first
     * @param anchors the trusted roots (the issuers of the path's last certificate)
     * @return why the path's certificates may not be used, or empty
     */
    public Optional<Refusal> check(List<X509Certificate> path, List<X509Certificate> anchors) {
        if (mode == Mode.OFF || path.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        List<X509CRL> all = loaded(now);
        for (int i = 0; i < path.size(); i++) {
            X509Certificate certificate = path.get(i);
            if (certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
                continue; // a root: trusted as configured
            }
            Optional<X509Certificate> issuer = i + 1 < path.size() ? Optional.of(path.get(i + 1))
                    : anchors.stream().filter(a -> a.getSubjectX500Principal()
                            .equals(certificate.getIssuerX500Principal())).findFirst();
            List<X509CRL> fromIssuer = issuer.map(key -> all.stream()
                    .filter(crl -> crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()))
                    .filter(crl -> verified.computeIfAbsent(crl, c -> new java.util.concurrent.ConcurrentHashMap<>())
                            .computeIfAbsent(key.getPublicKey(), publicKey -> signedBy(crl, key))).toList())
                    .orElse(List.of());
            // A revocation is final: an entry in any authentic list counts, current or not.
            for (X509CRL crl : fromIssuer) {
                X509CRLEntry entry = crl.getRevokedCertificate(certificate);
                if (entry != null && !entry.getRevocationDate().toInstant().isAfter(now)) {
                    return Optional.of(new Refusal(ProblemType.CERTIFICATE_REVOKED, "the certificate with serial "
                            + certificate.getSerialNumber().toString(16) + " was revoked on "
                            + entry.getRevocationDate().toInstant()
                            + (entry.getRevocationReason() == null ? "" : " (" + entry.getRevocationReason() + ")")));
                }
            }
            // "Not revoked" needs a list that is current.
            if (fromIssuer.stream().noneMatch(crl -> current(crl, now))) {
                String why = "no current revocation list from " + certificate.getIssuerX500Principal().getName();
                if (mode == Mode.HARD) {
                    return Optional.of(new Refusal(ProblemType.REVOCATION_UNKNOWN, why));
                }
                LOG.log(System.Logger.Level.WARNING, why + "; accepted (sagsbro.revocation.mode=soft)");
            }
        }
        return Optional.empty();
    }

    /**
     * The issuers none of whose loaded lists is current any more (their {@code nextUpdate} has passed): in
     * {@link Mode#HARD} every certificate they issued is refused until the operators' job brings a new list. No lists
     * at all count as one such gap.
     */
    public List<String> issuersWithoutCurrentList() {
        if (mode == Mode.OFF) {
            return List.of();
        }
        Instant now = clock.instant();
        List<X509CRL> all = loaded(now);
        if (all.isEmpty()) {
            return List.of("(no revocation list loaded)");
        }
        java.util.Map<javax.security.auth.x500.X500Principal, Boolean> currentByIssuer = new java.util.LinkedHashMap<>();
        for (X509CRL crl : all) {
            currentByIssuer.merge(crl.getIssuerX500Principal(), current(crl, now), Boolean::logicalOr);
        }
        return currentByIssuer.entrySet().stream().filter(e -> !e.getValue()).map(e -> e.getKey().getName())
                .toList();
    }

    private List<X509CRL> loaded(Instant now) {
        if (loadedAt.plus(reloadInterval).isBefore(now)) {
            try {
                reload();
            } catch (RuntimeException e) {
                // Keep the lists in force: a CRL file being replaced must not open the door.
                LOG.log(System.Logger.Level.ERROR, "cannot re-read the revocation lists; keeping those in force", e);
            }
        }
        return crls;
    }

    private static boolean current(X509CRL crl, Instant now) {
        return !crl.getThisUpdate().toInstant().isAfter(now.plus(CLOCK_SKEW))
                && (crl.getNextUpdate() == null || crl.getNextUpdate().toInstant().isAfter(now));
    }

    private synchronized void reload() {
        List<X509CRL> read = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (String location : locations) {
                try (InputStream in = opener.apply(location)) {
                    for (CRL crl : factory.generateCRLs(in)) {
                        read.add((X509CRL) crl);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.revocation.crls: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sagsbro.revocation.crls: not a CRL: " + e.getMessage(), e);
        }
        crls = List.copyOf(read);
        verified.clear();
        loadedAt = clock.instant();
    }

    private static boolean signedBy(X509CRL crl, X509Certificate issuer) {
        try {
            crl.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
