package dk.sagsbro.signature;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.support.TestPki;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Only an end entity whose key usages allow signing may sign, along a path the gateway builds from its trust anchors,
 * with every intermediate valid when it signed and now. Malformed signatures are problems, never exceptions.
 */
class CertificateUsageTest {
    private static final TestPki PKI = new TestPki("Usage Test Root");
    private static final Instant NOW = Instant.now();
    private static final int SIGNING = KeyUsage.digitalSignature | KeyUsage.nonRepudiation;
    private static final KeyPurposeId[] CLIENT_AND_EMAIL = {KeyPurposeId.id_kp_clientAuth,
            KeyPurposeId.id_kp_emailProtection};
    private static final byte[] CONTENT = "{}".getBytes(StandardCharsets.UTF_8);

    private static List<Problem> verify(TestPki.Issued signer, List<TestPki.Issued> intermediates, Instant now) {
        CmsSignatureVerifier verifier = new CmsSignatureVerifier(new TrustAnchors(List.of(PKI.ca())),
                Clock.fixed(now, ZoneOffset.UTC));
        byte[] signature = new CmsSigner(signer.keys().getPrivate(), signer.certificate(),
                intermediates.stream().map(TestPki.Issued::certificate).toList()).signEncapsulated(CONTENT);
        return verifier.verify(signature, null, "statement").problems();
    }

    /** An intermediate CA under the root, valid from yesterday for {@code validity} from now. */
    private static TestPki.Issued intermediateValidFor(Duration validity) {
        return PKI.issue(null, "Intermediate", "000", true, KeyUsage.keyCertSign | KeyUsage.cRLSign, null,
                NOW.minus(Duration.ofDays(1)), NOW.plus(validity));
    }

    private static TestPki.Issued endEntity(TestPki.Issued issuer, boolean ca, int keyUsage, KeyPurposeId[] eku) {
        return PKI.issue(issuer, "Signer", "101", ca, keyUsage, eku, NOW.minus(Duration.ofDays(1)),
                NOW.plus(Duration.ofDays(30)));
    }

    @Test
    void acceptsAnEndEntityWhoseUsagesAllowSigning() {
        assertThat(verify(endEntity(null, false, SIGNING, CLIENT_AND_EMAIL), List.of(), NOW)).isEmpty();
        assertThat(verify(endEntity(null, false, KeyUsage.digitalSignature, null), List.of(), NOW)).isEmpty();
    }

    @Test
    void refusesACaCertificateAsSigner() {
        List<Problem> problems = verify(endEntity(null, true, SIGNING | KeyUsage.keyCertSign, null), List.of(), NOW);

        assertThat(problems).extracting(Problem::type).containsExactly(ProblemType.CERTIFICATE_UNTRUSTED);
        assertThat(problems.get(0).detail()).contains("CA certificate");
    }

    @Test
    void refusesAKeyWhoseKeyUsageDoesNotAllowSigning() {
        List<Problem> problems = verify(endEntity(null, false, KeyUsage.keyEncipherment, null), List.of(), NOW);

        assertThat(problems).extracting(Problem::type).containsExactly(ProblemType.CERTIFICATE_UNTRUSTED);
        assertThat(problems.get(0).detail()).contains("key usage");
    }

    @Test
    void refusesAKeyWhoseExtendedKeyUsageIsForServersOnly() {
        List<Problem> problems = verify(endEntity(null, false, SIGNING,
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth}), List.of(), NOW);

        assertThat(problems).extracting(Problem::type).containsExactly(ProblemType.CERTIFICATE_UNTRUSTED);
        assertThat(problems.get(0).detail()).contains("extended key usage");
    }

    @Test
    void refusesASignatureWhoseIntermediateIsNoLongerValidNow() {
        TestPki.Issued intermediate = intermediateValidFor(Duration.ofDays(2));
        TestPki.Issued signer = endEntity(intermediate, false, SIGNING, CLIENT_AND_EMAIL);

        assertThat(verify(signer, List.of(intermediate), NOW)).isEmpty();
        List<Problem> later = verify(signer, List.of(intermediate), NOW.plus(Duration.ofDays(5)));
        assertThat(later).extracting(Problem::type).containsExactly(ProblemType.CERTIFICATE_NOT_VALID);
        assertThat(later.get(0).detail()).contains("issuing certificate");
    }

    @Test
    void refusesASignerWhosePathCannotBeBuiltFromTheTrustAnchors() {
        TestPki.Issued intermediate = intermediateValidFor(Duration.ofDays(30));
        TestPki.Issued signer = endEntity(intermediate, false, SIGNING, CLIENT_AND_EMAIL);

        assertThat(verify(signer, List.of(), NOW)).extracting(Problem::type)
                .containsExactly(ProblemType.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void refusesAnIntermediateThatIsNotACa() {
        TestPki.Issued notACa = endEntity(null, false, SIGNING | KeyUsage.keyCertSign, null);
        TestPki.Issued signer = endEntity(notACa, false, SIGNING, CLIENT_AND_EMAIL);

        assertThat(verify(signer, List.of(notACa), NOW)).extracting(Problem::type)
                .containsExactly(ProblemType.CERTIFICATE_UNTRUSTED);
    }

    /** One verifier for many signatures, as in the gateway: what it remembers of paths and keys changes no answer. */
    @Test
    void aVerifierThatHasSeenACertificateChecksItAgainEachTime() {
        TestPki.Issued intermediate = intermediateValidFor(Duration.ofDays(2));
        TestPki.Issued signer = endEntity(intermediate, false, SIGNING, CLIENT_AND_EMAIL);
        dk.sagsbro.support.MutableClock clock = new dk.sagsbro.support.MutableClock(NOW);
        CmsSignatureVerifier verifier = new CmsSignatureVerifier(new TrustAnchors(List.of(PKI.ca())), clock);
        byte[] withIntermediate = new CmsSigner(signer.keys().getPrivate(), signer.certificate(),
                List.of(intermediate.certificate())).signEncapsulated(CONTENT);
        byte[] alone = new CmsSigner(signer.keys().getPrivate(), signer.certificate()).signEncapsulated(CONTENT);
        byte[] otherContent = new CmsSigner(signer.keys().getPrivate(), signer.certificate(),
                List.of(intermediate.certificate())).signEncapsulated("{\"other\": 1}".getBytes(StandardCharsets.UTF_8));
        byte[] forged = withIntermediate.clone();
        forged[forged.length - 10] ^= 0x01; // inside the ECDSA signature value, the last field

        assertThat(verifier.verify(withIntermediate, null, "statement").problems()).isEmpty();
        // the path was built with the intermediate the signature carried: without it, none can be built
        assertThat(verifier.verify(alone, null, "statement").problems()).extracting(Problem::type)
                .containsExactly(ProblemType.CERTIFICATE_UNTRUSTED);
        assertThat(verifier.verify(otherContent, null, "statement").problems()).isEmpty();
        assertThat(verifier.verify(forged, null, "statement").problems()).extracting(Problem::type)
                .contains(ProblemType.SIGNATURE_INVALID);
        assertThat(verifier.verify(withIntermediate, null, "statement").problems()).isEmpty();

        clock.advance(Duration.ofDays(5));
        List<Problem> later = verifier.verify(withIntermediate, null, "statement").problems();
        assertThat(later).extracting(Problem::type).containsExactly(ProblemType.CERTIFICATE_NOT_VALID);
        assertThat(later.get(0).detail()).contains("issuing certificate");
    }
}
