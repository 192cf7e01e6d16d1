package dk.sagsbro.interop;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import eu.europa.esig.dss.asic.cades.ASiCWithCAdESSignatureParameters;
import eu.europa.esig.dss.asic.cades.signature.ASiCWithCAdESService;
import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.jaxb.XmlDigestMatcher;
import eu.europa.esig.dss.enumerations.ASiCContainerType;
import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.SignedDocumentValidator;
import eu.europa.esig.dss.validation.reports.Reports;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packets made by other tools are accepted, and packets made by Sagsbro validate in an independent implementation:
 * the openssl and zip command-line tools, and the EU's DSS library.
 */
@QuarkusTest
class InteroperabilityTest {

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void acceptsAPacketMadeWithOpensslAndZip(@TempDir Path work) throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        Path folder = Files.createDirectories(work.resolve("case"));
        Files.write(folder.resolve("case.json"), TestPackets.json(caseJson));
        Files.createDirectories(folder.resolve("documents"));
        for (Map.Entry<String, byte[]> document : TestPackets.documentsFor(caseJson).entrySet()) {
            Files.write(folder.resolve(document.getKey()), document.getValue());
        }
        Path packet = work.resolve("packet.asice");
        Process process = new ProcessBuilder("bash", "docs/examples/make-openssl-packet.sh", folder.toString(),
                ExamplePki.certificateFile("municipalities/101").toString(),
                ExamplePki.keyFile("municipalities/101").toString(), packet.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();

        HttpResponse<String> response = GatewayClient.municipality(base, "101").submit(Files.readAllBytes(packet));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void acceptsAPacketMadeByTheDssLibrary() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        List<DSSDocument> documents = new ArrayList<>();
        documents.add(new InMemoryDocument(TestPackets.json(caseJson), "case.json", MimeTypeEnum.JSON));
        TestPackets.documentsFor(caseJson).forEach((name, content) ->
                documents.add(new InMemoryDocument(content, name, MimeTypeEnum.TEXT)));

        ASiCWithCAdESService service = new ASiCWithCAdESService(new CommonCertificateVerifier());
        ASiCWithCAdESSignatureParameters parameters = new ASiCWithCAdESSignatureParameters();
        parameters.setSignatureLevel(SignatureLevel.CAdES_BASELINE_B);
        parameters.aSiC().setContainerType(ASiCContainerType.ASiC_E);
        parameters.setDigestAlgorithm(DigestAlgorithm.SHA256);
        parameters.setSigningCertificate(new CertificateToken(ExamplePki.certificate("municipalities/101")));
        ToBeSigned toBeSigned = service.getDataToSign(documents, parameters);
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(ExamplePki.key("municipalities/101"));
        ecdsa.update(toBeSigned.getBytes());
        DSSDocument container = service.signDocument(documents, parameters,
                new SignatureValue(SignatureAlgorithm.ECDSA_SHA256, ecdsa.sign()));
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        container.writeTo(packet);

        HttpResponse<String> response = GatewayClient.municipality(base, "101").submit(packet.toByteArray());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    @Test
    void aPacketMadeBySagsbrosPackerValidatesInDss() {
        byte[] packet = TestPackets.packed(TestPackets.handover("101", "165"), ExamplePki.municipality("101"));

        SignedDocumentValidator validator = SignedDocumentValidator.fromDocument(
                new InMemoryDocument(packet, "packet.asice"));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(ExamplePki.certificate("ca")));
        verifier.setTrustedCertSources(trusted);
        verifier.setAIASource(null);
        verifier.setOcspSource(null);
        verifier.setCrlSource(null);
        validator.setCertificateVerifier(verifier);
        Reports reports = validator.validateDocument();

        DiagnosticData diagnostics = reports.getDiagnosticData();
        assertThat(diagnostics.getContainerType()).isEqualTo(ASiCContainerType.ASiC_E);
        assertThat(diagnostics.getSignatures()).hasSize(1);
        SignatureWrapper signature = diagnostics.getSignatures().get(0);
        assertThat(signature.isSignatureIntact()).isTrue();
        assertThat(signature.isSignatureValid()).isTrue();
        assertThat(signature.getSignatureFormat()).isEqualTo(SignatureLevel.CAdES_BASELINE_B);
        assertThat(signature.getSigningCertificate().getCommonName()).isEqualTo("Sagsbro example system 101");
        assertThat(signature.getCertificateChain()).anyMatch(c -> c.isTrusted());
        List<XmlDigestMatcher> matchers = signature.getDigestMatchers();
        assertThat(matchers).isNotEmpty().allMatch(XmlDigestMatcher::isDataFound)
                .allMatch(XmlDigestMatcher::isDataIntact);
        assertThat(diagnostics.getContainerInfo().getManifestFiles().get(0).getEntries())
                .contains("case.json", "documents/notification.txt");
        // The example PKI publishes no revocation data, so DSS cannot reach TOTAL_PASSED; it must not fail either.
        assertThat(reports.getSimpleReport().getIndication(signature.getId())).isNotEqualTo(Indication.TOTAL_FAILED);
    }
}
