package dk.sagsbro.signature;

import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.DefaultCMSSignatureAlgorithmNameGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signature verifiers for certificates' public keys, one per certificate, kept. Bouncy Castle stores an EC public
 * point's precomputed multiples on its own key object: verifying with the certificate's JDK key made a new point,
 * and computed its table anew, for every signature. The verifier checks the signature alone; the certificate's
 * validity and path are the caller's to check.
 */
final class PublicKeyVerifiers {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final DigestCalculatorProvider JDK_DIGESTS = jdkDigests();
    /**
     * A verifier is made before the certificate's path is checked, so a caller can make it hold certificates of its
     * own making: at most this many, then it starts afresh.
     */
    static final int MAX_REMEMBERED = 4096;

    private final Map<X509Certificate, SignerInformationVerifier> verifiers = new ConcurrentHashMap<>();
    private final int maxRemembered;

    PublicKeyVerifiers() {
        this(MAX_REMEMBERED);
    }

    PublicKeyVerifiers(int maxRemembered) {
        this.maxRemembered = maxRemembered;
    }

    /** How many verifiers are kept now. */
    int size() {
        return verifiers.size();
    }

    SignerInformationVerifier verifierFor(X509Certificate certificate) throws OperatorCreationException {
        SignerInformationVerifier known = verifiers.get(certificate);
        if (known != null) {
            return known;
        }
        // Bouncy Castle for the signature's arithmetic; the signed content's digest with the JDK's SHA-256, which
        // uses the CPU's SHA instructions (Bouncy Castle's own is several times slower)
        SignerInformationVerifier made = new SignerInformationVerifier(new DefaultCMSSignatureAlgorithmNameGenerator(),
                new DefaultSignatureAlgorithmIdentifierFinder(), new JcaContentVerifierProviderBuilder()
                        .setProvider(BC).build(bouncyCastleKey(certificate.getPublicKey())),
                JDK_DIGESTS);
        if (verifiers.size() >= maxRemembered) {
            verifiers.clear();
        }
        verifiers.put(certificate, made);
        return made;
    }

    private static DigestCalculatorProvider jdkDigests() {
        try {
            return new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("the JDK offers no message digests", e);
        }
    }

    private static PublicKey bouncyCastleKey(PublicKey key) throws OperatorCreationException {
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), BC).generatePublic(new X509EncodedKeySpec(
                    key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new OperatorCreationException("cannot read the " + key.getAlgorithm() + " public key", e);
        }
    }
}
