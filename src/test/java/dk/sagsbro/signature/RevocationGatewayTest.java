package dk.sagsbro.signature;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.TestPki;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the running gateway in hard revocation mode, with a CA made for the test beside the example CA and a
 * current CRL from it revoking Albertslund's test certificate: a revoked certificate opens neither the API nor a
 * packet, a good one does, and a certificate whose CA publishes no current CRL is refused.
 */
@QuarkusTest
@TestProfile(RevocationGatewayTest.HardRevocation.class)
class RevocationGatewayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DIRECTORY = Path.of("target/test-revocation");
    static final TestPki PKI = new TestPki("Sagsbro Revocation Test CA");
    static final TestPki.Issued REVOKED_165 = PKI.municipality("165", "Albertslund");
    static final TestPki.Issued GOOD_751 = PKI.municipality("751", "Aarhus");

    public static class HardRevocation implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path anchors = TestPki.write(DIRECTORY.resolve("anchors.pem"),
                        Files.readString(ExamplePki.DIRECTORY.resolve("ca.crt.pem")) + TestPki.pem(PKI.ca()));
                Instant now = Instant.now();
                Path crls = TestPki.write(DIRECTORY.resolve("crls.pem"), TestPki.pem(PKI.crl(
                        now.minus(Duration.ofMinutes(10)), now.plus(Duration.ofDays(1)),
                        List.of(REVOKED_165.certificate()))));
                for (Map.Entry<String, TestPki.Issued> issued : Map.of("165", REVOKED_165, "751", GOOD_751)
                        .entrySet()) {
                    TestPki.write(DIRECTORY.resolve(issued.getKey() + ".crt.pem"),
                            TestPki.pem(issued.getValue().certificate()));
                    TestPki.write(DIRECTORY.resolve(issued.getKey() + ".key.pem"), TestPki.pem(
                            new JcaPKCS8Generator(issued.getValue().keys().getPrivate(), null)));
                }
                return Map.of("sagsbro.trust-anchors", anchors.toString(), "sagsbro.revocation.mode", "hard",
                        "sagsbro.revocation.crls", crls.toString(), "sagsbro.data-dir", "./target/test-data-revocation");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    GatewayClient client(String code) {
        return GatewayClient.withCertificate(base, DIRECTORY.resolve(code + ".crt.pem"),
                DIRECTORY.resolve(code + ".key.pem"));
    }

    CmsSigner signer(TestPki.Issued issued) {
        return new CmsSigner(issued.keys().getPrivate(), issued.certificate());
    }

    @Test
    void aRevokedClientCertificateOpensNoPartOfTheApi() {
        HttpResponse<String> inbox = client("165").get("/api/v1/inbox");

        assertThat(inbox.statusCode()).isEqualTo(403);
        assertThat(inbox.body()).contains("certificate-revoked").contains("KEY_COMPROMISE");
    }

    @Test
    void aGoodCertificateOfTheSameCaSubmitsAPacket() {
        ObjectNode caseJson = TestPackets.handover("751", "101");
        HttpResponse<String> submitted = client("751").submit(TestPackets.packed(caseJson, signer(GOOD_751)));

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
    }

    @Test
    void aPacketSignedWithARevokedCertificateIsRefused() throws Exception {
        ObjectNode caseJson = TestPackets.handover("165", "101");
        HttpResponse<String> submitted = client("751").submit(TestPackets.packed(caseJson, signer(REVOKED_165)));

        assertThat(submitted.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(submitted.body()).get("problems").findValuesAsText("type"))
                .contains("https://sagsbro.dk/problems/certificate-revoked");
    }

    @Test
    void inHardModeACertificateWhoseCaPublishesNoCurrentListIsRefused() {
        HttpResponse<String> inbox = GatewayClient.municipality(base, "101").get("/api/v1/inbox");

        assertThat(inbox.statusCode()).isEqualTo(403);
        assertThat(inbox.body()).contains("revocation-unknown");
    }
}
