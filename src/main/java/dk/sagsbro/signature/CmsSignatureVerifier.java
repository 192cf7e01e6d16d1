package dk.sagsbro.signature;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.OperatorCreationException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies a CMS SignedData (RFC 5652) made by one party: exactly one signer, a signature that verifies over the
 * content, no weak algorithm or key, and a certificate that chains to a trust anchor and was valid both when it
 * signed and now, with every intermediate of the path built from the trust anchors valid now too, and that path not
 * revoked (when revocation is checked). The signer must be an end entity whose key usages allow signing.
 */
public final class CmsSignatureVerifier {
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Set<ASN1ObjectIdentifier> STRONG_DIGESTS = Set.of(NISTObjectIdentifiers.id_sha256,
            NISTObjectIdentifiers.id_sha384, NISTObjectIdentifiers.id_sha512, NISTObjectIdentifiers.id_sha3_256,
            NISTObjectIdentifiers.id_sha3_384, NISTObjectIdentifiers.id_sha3_512);
    private static final Set<ASN1ObjectIdentifier> WEAK_SIGNATURE_ALGORITHMS = Set.of(
            PKCSObjectIdentifiers.md5WithRSAEncryption, PKCSObjectIdentifiers.sha1WithRSAEncryption,
            PKCSObjectIdentifiers.md2WithRSAEncryption, X9ObjectIdentifiers.ecdsa_with_SHA1,
            X9ObjectIdentifiers.id_dsa_with_sha1, OIWObjectIdentifiers.sha1WithRSA);
    private static final int MIN_RSA_BITS = 2048;
    private static final int MIN_EC_BITS = 256;

    private final TrustAnchors anchors;
    private final CertificatePaths paths;
    private final Clock clock;
    private final Revocation revocation;
    private final PublicKeyVerifiers verifiers = new PublicKeyVerifiers();

    public CmsSignatureVerifier(TrustAnchors anchors, Clock clock) {
        this(anchors, clock, Revocation.NONE);
    }

    public CmsSignatureVerifier(TrustAnchors anchors, Clock clock, Revocation revocation) {
        this.anchors = anchors;
        this.paths = new CertificatePaths(anchors);
        this.clock = clock;
        this.revocation = revocation;
    }

    /**
     * @param cms              the DER SignedData
     * @param detachedContent  the signed bytes for a detached signature, or null when the content is encapsulated
     * @param entry            the container entry or request part named in problems
     */
    public SignatureCheck verify(byte[] cms, byte[] detachedContent, String entry) {
        try {
            return check(cms, detachedContent, entry);
        } catch (CertificatePaths.VerifierUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            // Bouncy Castle parses lazily: malformed ASN.1 anywhere (certificates, attributes, signing time) surfaces
            // as a runtime exception from whichever accessor reaches it. It is the caller's fault, never a 500.
            return failed(ProblemType.SIGNATURE_INVALID, entry, "the signature is not well-formed DER ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private SignatureCheck check(byte[] cms, byte[] detachedContent, String entry) {
        List<Problem> problems = new ArrayList<>();
        CMSSignedData signed;
        try {
            signed = detachedContent == null ? new CMSSignedData(cms)
                    : new CMSSignedData(new CMSProcessableByteArray(detachedContent), cms);
        } catch (CMSException | RuntimeException e) {
            return failed(ProblemType.SIGNATURE_INVALID, entry, "not a DER CMS SignedData");
        }
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            return failed(ProblemType.SIGNER_COUNT, entry, "has " + signers.size() + " signers; exactly one is required");
        }
        byte[] content = detachedContent;
        if (content == null) {
            if (signed.getSignedContent() == null) {
                return failed(ProblemType.SIGNATURE_INVALID, entry, "no encapsulated content");
            }
            content = contentOf(signed);
        }
        SignerInformation signer = signers.iterator().next();
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = signed.getCertificates().getMatches(signer.getSID());
        if (matches.size() != 1) {
            return failed(ProblemType.SIGNATURE_INVALID, entry, "the signer's certificate is not in the signature");
        }
        X509Certificate certificate;
        List<X509Certificate> bundled = new ArrayList<>();
        try {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            certificate = converter.getCertificate(matches.iterator().next());
            for (Object holder : signed.getCertificates().getMatches(null)) {
                bundled.add(converter.getCertificate((X509CertificateHolder) holder));
            }
        } catch (CertificateException e) {
            return failed(ProblemType.SIGNATURE_INVALID, entry, "the signer's certificate cannot be read");
        }

        checkAlgorithms(signer, certificate.getPublicKey(), entry, problems);
        try {
            if (!signer.verify(verifiers.verifierFor(certificate))) {
                problems.add(Problem.ofEntry(ProblemType.SIGNATURE_INVALID, entry, "the signature does not verify"));
            }
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            problems.add(Problem.ofEntry(ProblemType.SIGNATURE_INVALID, entry,
                    "the signature does not verify over the signed content"));
        }

        Instant now = clock.instant();
        Instant signingTime = signingTime(signer).orElse(now);
        if (signingTime.isAfter(now.plus(CLOCK_SKEW))) {
            problems.add(Problem.ofEntry(ProblemType.CERTIFICATE_NOT_VALID, entry, "signing time is in the future"));
        }
        checkCertificate(certificate, bundled, signingTime, now, entry, problems);
        return new SignatureCheck(certificate, signingTime, content, List.copyOf(problems));
    }

    private static void checkAlgorithms(SignerInformation signer, PublicKey key, String entry, List<Problem> problems) {
        if (!STRONG_DIGESTS.contains(new ASN1ObjectIdentifier(signer.getDigestAlgOID()))) {
            problems.add(Problem.ofEntry(ProblemType.ALGORITHM_WEAK, entry,
                    "digest algorithm " + signer.getDigestAlgOID() + " is not allowed; use SHA-256 or stronger"));
        }
        if (WEAK_SIGNATURE_ALGORITHMS.contains(new ASN1ObjectIdentifier(signer.getEncryptionAlgOID()))) {
            problems.add(Problem.ofEntry(ProblemType.ALGORITHM_WEAK, entry,
                    "signature algorithm " + signer.getEncryptionAlgOID() + " is not allowed"));
        }
        if (key instanceof RSAKey rsa && rsa.getModulus().bitLength() < MIN_RSA_BITS) {
            problems.add(Problem.ofEntry(ProblemType.ALGORITHM_WEAK, entry,
                    "RSA key of " + rsa.getModulus().bitLength() + " bits; at least " + MIN_RSA_BITS + " required"));
        } else if (key instanceof ECKey ec && ec.getParams().getCurve().getField().getFieldSize() < MIN_EC_BITS) {
            problems.add(Problem.ofEntry(ProblemType.ALGORITHM_WEAK, entry, "EC key below " + MIN_EC_BITS + " bits"));
        } else if (!(key instanceof RSAKey) && !(key instanceof ECKey)) {
            problems.add(Problem.ofEntry(ProblemType.ALGORITHM_WEAK, entry,
                    key.getAlgorithm() + " keys are not allowed; use RSA or EC"));
        }
    }

    private void checkCertificate(X509Certificate certificate, List<X509Certificate> bundled, Instant signingTime,
            Instant now, String entry, List<Problem> problems) {
        try {
            certificate.checkValidity(Date.from(signingTime));
            certificate.checkValidity(Date.from(now));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            problems.add(Problem.ofEntry(ProblemType.CERTIFICATE_NOT_VALID, entry,
                    "the signer's certificate is valid from " + certificate.getNotBefore().toInstant() + " to "
                            + certificate.getNotAfter().toInstant()));
            return;
        }
        Optional<String> unusable = CertificatePaths.whyNotUsableFor(certificate, CertificatePaths.Purpose.SIGNING);
        if (unusable.isPresent()) {
            problems.add(Problem.ofEntry(ProblemType.CERTIFICATE_UNTRUSTED, entry,
                    "the signer's certificate: " + unusable.get()));
            return;
        }
        Optional<List<X509Certificate>> path = paths.build(certificate, bundled, signingTime);
        if (path.isEmpty()) {
            problems.add(Problem.ofEntry(ProblemType.CERTIFICATE_UNTRUSTED, entry,
                    "the signer's certificate does not chain to a trusted authority"));
            return;
        }
        Optional<X509Certificate> expired = CertificatePaths.notValidAt(path.get(), now);
        if (expired.isPresent()) {
            problems.add(Problem.ofEntry(ProblemType.CERTIFICATE_NOT_VALID, entry, "the issuing certificate "
                    + expired.get().getSubjectX500Principal().getName() + " is not valid now"));
            return;
        }
        revocation.check(path.get(), anchors.certificates()).ifPresent(refusal -> problems.add(
                Problem.ofEntry(refusal.type(), entry, "the signer's certificate: " + refusal.detail())));
    }

    private static java.util.Optional<Instant> signingTime(SignerInformation signer) {
        AttributeTable attributes = signer.getSignedAttributes();
        if (attributes == null) {
            return java.util.Optional.empty();
        }
        Attribute attribute = attributes.get(CMSAttributes.signingTime);
        if (attribute == null || attribute.getAttrValues().size() != 1) {
            return java.util.Optional.empty();
        }
        ASN1Encodable value = attribute.getAttrValues().getObjectAt(0);
        return java.util.Optional.of(Time.getInstance(value).getDate().toInstant());
    }

    private static byte[] contentOf(CMSSignedData signed) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            signed.getSignedContent().write(out);
            return out.toByteArray();
        } catch (IOException | CMSException e) {
            throw new IllegalArgumentException("encapsulated content cannot be read", e);
        }
    }

    private static SignatureCheck failed(ProblemType type, String entry, String detail) {
        return new SignatureCheck(null, null, null, List.of(Problem.ofEntry(type, entry, detail)));
    }
}
