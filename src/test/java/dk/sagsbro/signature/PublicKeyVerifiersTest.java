package dk.sagsbro.signature;

import dk.sagsbro.support.TestPki;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Verifiers are kept per certificate, but never more than the bound, whatever certificates a caller sends. */
class PublicKeyVerifiersTest {
    private static final TestPki PKI = new TestPki("Verifier Bound Root");

    @Test
    void certificatesOfACallersOwnMakingFillItOnlyUpToItsBound() throws Exception {
        PublicKeyVerifiers verifiers = new PublicKeyVerifiers(3);
        Instant now = Instant.now();
        TestPki.Issued first = PKI.issue(null, "Signer 0", "101", false, KeyUsage.digitalSignature, null,
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1)));
        assertThat(verifiers.verifierFor(first.certificate())).isSameAs(verifiers.verifierFor(first.certificate()));

        for (int i = 1; i <= 10; i++) {
            verifiers.verifierFor(PKI.issue(null, "Signer " + i, "101", false, KeyUsage.digitalSignature, null,
                    now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1))).certificate());
            assertThat(verifiers.size()).isLessThanOrEqualTo(3);
        }
    }
}
