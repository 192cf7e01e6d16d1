package dk.sagsbro.signature;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dk.sagsbro.support.ExamplePki;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the CMS verifier with the example trust anchor: any bytes as a detached signature or as
 * a signed acknowledgement give a valid check or problems, never an exception; a check is valid only with exactly
 * one signer. The corpus in CmsVerifierFuzzTestInputs (seeded with real signatures) replays in every build.
 */
class CmsVerifierFuzzTest {
    private static final byte[] MANIFEST = "<ASiCManifest/>".getBytes(StandardCharsets.UTF_8);
    private static final CmsSignatureVerifier VERIFIER = new CmsSignatureVerifier(
            new TrustAnchors(List.of(ExamplePki.certificate("ca"))), Clock.systemUTC());

    @FuzzTest(maxDuration = "30s")
    void cmsVerifier(byte[] signature) {
        SignatureCheck detached = VERIFIER.verify(signature, MANIFEST, "META-INF/signature.p7s");
        SignatureCheck encapsulated = VERIFIER.verify(signature, null, "acknowledgement");

        for (SignatureCheck check : List.of(detached, encapsulated)) {
            assertThat(check.valid() == check.problems().isEmpty()).isTrue();
            if (check.valid()) {
                assertThat(check.signer()).isNotNull();
            }
        }
    }
}
