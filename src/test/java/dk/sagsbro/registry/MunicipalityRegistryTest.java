package dk.sagsbro.registry;

import dk.sagsbro.support.ExamplePki;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class MunicipalityRegistryTest {
    static final Path EXAMPLE = Path.of("certs-example/registry.yaml");

    static MunicipalityRegistry read(String yaml) throws IOException {
        return MunicipalityRegistry.read(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                Municipalities.builtIn());
    }

    static String example() throws IOException {
        return Files.readString(EXAMPLE);
    }

    @Test
    void theExampleRegistryListsAllNinetyEightAndIdentifiesTheExampleCertificates() throws IOException {
        MunicipalityRegistry registry;
        try (InputStream in = Files.newInputStream(EXAMPLE)) {
            registry = MunicipalityRegistry.read(in, Municipalities.builtIn());
        }

        assertThat(registry.entry("860")).hasValueSatisfying(e -> assertThat(e.name()).isEqualTo("Hjørring"));
        assertThat(registry.entry("101").orElseThrow().delivery().mode()).isEqualTo(DeliveryMode.PULL);
        assertThat(registry.identities().municipalityOf(ExamplePki.certificate("municipalities/751"))).hasValue("751");
        assertThat(registry.identities().municipalityOf(ExamplePki.certificate("untrusted/101"))).hasValue("101");
    }

    @Test
    void readsPushDeliveryAndEscalationWebhooks() throws IOException {
        String yaml = example().replace("name: Aarhus\n    cvr: \"99000751\"\n    delivery: {mode: PULL}",
                "name: Aarhus\n    cvr: \"99000751\"\n"
                        + "    delivery: {mode: PUSH, endpoint: \"https://sager.aarhus.example/sagsbro\"}\n"
                        + "    escalation: [\"https://alarm.aarhus.example/hook\"]");

        MunicipalityRegistry.Entry aarhus = read(yaml).entry("751").orElseThrow();

        assertThat(aarhus.delivery().mode()).isEqualTo(DeliveryMode.PUSH);
        assertThat(aarhus.delivery().endpoint()).hasToString("https://sager.aarhus.example/sagsbro");
        assertThat(aarhus.escalation()).hasSize(1);
    }

    @Test
    void reportsEveryProblemInTheFileAtOnce() throws IOException {
        String yaml = example()
                .replace("  - code: \"860\"\n    name: Hjørring\n    delivery: {mode: PULL}\n", "")
                .replace("cvr: \"99000165\"", "cvr: \"99000101\"")
                .replace("name: Aarhus\n    cvr: \"99000751\"\n    delivery: {mode: PULL}",
                        "name: Aarhus\n    cvr: \"99000751\"\n    delivery: {mode: PUSH}")
                .replace("- code: \"147\"", "- code: \"411\"");

        MunicipalityRegistry.InvalidException invalid = catchThrowableOfType(MunicipalityRegistry.InvalidException.class,
                () -> read(yaml));

        assertThat(invalid.problems()).hasSize(3).anyMatch(p -> p.contains("411"))
                .anyMatch(p -> p.contains("165") && p.contains("CVR"))
                .anyMatch(p -> p.contains("751") && p.contains("https endpoint"));
    }

    @Test
    void refusesARegistryThatLeavesAMunicipalityOut() throws IOException {
        String yaml = example().replace("  - code: \"860\"\n    name: Hjørring\n    delivery: {mode: PULL}\n", "");

        assertThatThrownBy(() -> read(yaml)).isInstanceOf(MunicipalityRegistry.InvalidException.class)
                .hasMessageContaining("all 98 municipalities must be listed; found 97");
    }

    @Test
    void refusesAnEscalationWebhookThatIsNotHttps() throws IOException {
        String yaml = example().replace("name: Aarhus\n    cvr: \"99000751\"\n    delivery: {mode: PULL}",
                "name: Aarhus\n    cvr: \"99000751\"\n    delivery: {mode: PULL}\n"
                        + "    escalation: [\"http://alarm.aarhus.example/hook\"]");

        MunicipalityRegistry.InvalidException invalid = catchThrowableOfType(MunicipalityRegistry.InvalidException.class,
                () -> read(yaml));

        assertThat(invalid.problems()).singleElement().asString().contains("751", "escalation webhooks must be https");
    }
}
