package dk.sagsbro.signature;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.support.MutableClock;
import dk.sagsbro.support.TestPki;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Revocation from CRLs, with a CA made for the test. */
class RevocationTest {
    static final TestPki PKI = new TestPki("Sagsbro Revocation Test CA");
    static final TestPki.Issued REVOKED = PKI.municipality("165", "Albertslund");
    static final TestPki.Issued GOOD = PKI.municipality("751", "Aarhus");
    final MutableClock clock = new MutableClock(Instant.now());

    Revocation revocation(Revocation.Mode mode, X509CRL... crls) {
        Map<String, String> files = Map.of("crls.pem", TestPki.pem((Object[]) crls));
        return new Revocation(mode, List.of("crls.pem"), Duration.ofMinutes(1), clock,
                location -> new ByteArrayInputStream(files.get(location).getBytes(StandardCharsets.UTF_8)));
    }

    Optional<Revocation.Refusal> check(Revocation revocation, TestPki.Issued issued) {
        return revocation.check(List.of(issued.certificate()), List.of(PKI.ca()));
    }

    X509CRL current() {
        return PKI.crl(clock.instant().minus(Duration.ofHours(1)), clock.instant().plus(Duration.ofDays(1)),
                List.of(REVOKED.certificate()));
    }

    @Test
    void aCertificateOnACurrentListIsRefusedAndOneNotOnItPasses() {
        Revocation revocation = revocation(Revocation.Mode.HARD, current());

        assertThat(check(revocation, REVOKED)).get().satisfies(refusal -> {
            assertThat(refusal.type()).isEqualTo(ProblemType.CERTIFICATE_REVOKED);
            assertThat(refusal.detail()).contains("revoked on").contains("KEY_COMPROMISE");
        });
        assertThat(check(revocation, GOOD)).isEmpty();
    }

    @Test
    void withoutACurrentListHardModeRefusesAndSoftModeAccepts() {
        X509CRL stale = PKI.crl(clock.instant().minus(Duration.ofDays(3)), clock.instant().minus(Duration.ofDays(2)),
                List.of(REVOKED.certificate()));

        assertThat(check(revocation(Revocation.Mode.HARD, stale), GOOD)).get()
                .extracting(Revocation.Refusal::type).isEqualTo(ProblemType.REVOCATION_UNKNOWN);
        assertThat(check(revocation(Revocation.Mode.SOFT, stale), GOOD)).isEmpty();
        // A revocation is final: the stale list still proves it.
        assertThat(check(revocation(Revocation.Mode.SOFT, stale), REVOKED)).get()
                .extracting(Revocation.Refusal::type).isEqualTo(ProblemType.CERTIFICATE_REVOKED);
    }

    @Test
    void aListNotSignedByTheIssuerIsIgnored() {
        X509CRL forged = PKI.forgedCrl(clock.instant().minus(Duration.ofHours(1)),
                clock.instant().plus(Duration.ofDays(1)), List.of(GOOD.certificate()));

        assertThat(check(revocation(Revocation.Mode.SOFT, forged), GOOD)).isEmpty();
        assertThat(check(revocation(Revocation.Mode.HARD, forged), GOOD)).get()
                .extracting(Revocation.Refusal::type).isEqualTo(ProblemType.REVOCATION_UNKNOWN);
    }

    @Test
    void offChecksNothing() {
        assertThat(check(Revocation.NONE, REVOKED)).isEmpty();
    }

    @Test
    void theSignatureVerifierRefusesARevokedSigner() throws Exception {
        CmsSignatureVerifier verifier = new CmsSignatureVerifier(new TrustAnchors(List.of(PKI.ca())), clock,
                revocation(Revocation.Mode.HARD, current()));
        byte[] content = "{}".getBytes(StandardCharsets.UTF_8);

        SignatureCheck revoked = verifier.verify(new CmsSigner(REVOKED.keys().getPrivate(), REVOKED.certificate())
                .signEncapsulated(content), null, "statement");
        SignatureCheck good = verifier.verify(new CmsSigner(GOOD.keys().getPrivate(), GOOD.certificate())
                .signEncapsulated(content), null, "statement");

        assertThat(revoked.problems()).extracting(p -> p.type()).containsExactly(ProblemType.CERTIFICATE_REVOKED);
        assertThat(good.problems()).isEmpty();
    }
}
