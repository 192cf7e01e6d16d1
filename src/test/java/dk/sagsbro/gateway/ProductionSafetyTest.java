package dk.sagsbro.gateway;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Production refuses example material, naming each piece and what to set instead. */
class ProductionSafetyTest {
    static final ProductionSafety.Settings EMBEDDED_DEFAULT = new ProductionSafety.Settings("certs-example/ca.crt.pem",
            "certs-example/gateway.crt.pem", "certs-example/gateway.key.pem", "form",
            "certs-example/operators.properties", "off", false, false);

    @Test
    void theEmbeddedDefaultIsExampleMaterialInEveryRespect() {
        assertThat(ProductionSafety.exampleMaterial(EMBEDDED_DEFAULT)).hasSize(6)
                .anySatisfy(line -> assertThat(line).startsWith("sagsbro.trust-anchors"))
                .anySatisfy(line -> assertThat(line).startsWith("sagsbro.signing-certificate"))
                .anySatisfy(line -> assertThat(line).startsWith("sagsbro.console.operators-file"))
                .anySatisfy(line -> assertThat(line).startsWith("sagsbro.revocation.mode"))
                .anySatisfy(line -> assertThat(line).startsWith("sagsbro.payload-key"))
                .anySatisfy(line -> assertThat(line).startsWith("sagsbro.pseudonym-key"));
    }

    @Test
    void aCopyOfTheExampleFilesElsewhereIsStillExampleMaterial() {
        assertThat(ProductionSafety.exampleMaterial(new ProductionSafety.Settings("/etc/sagsbro/ca.pem",
                "/opt/sagsbro/certs-example/gateway.crt.pem", "/etc/sagsbro/gateway.key", "code",
                "certs-example/operators.properties", "hard", true, true)))
                .singleElement().asString().startsWith("sagsbro.signing-certificate");
    }

    @Test
    void productionSettingsAreNotExampleMaterial() {
        assertThat(ProductionSafety.exampleMaterial(new ProductionSafety.Settings("/etc/sagsbro/oces3-ca.pem",
                "/etc/sagsbro/gateway.crt.pem", "/etc/sagsbro/gateway.key.pem", "form", "/etc/sagsbro/operators",
                "hard", true, true))).isEmpty();
    }
}
