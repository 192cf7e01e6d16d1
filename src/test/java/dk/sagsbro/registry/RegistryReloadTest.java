package dk.sagsbro.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import dk.sagsbro.support.GatewayClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.IntSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** A changed registry file comes into force without a restart; an invalid change is refused and the old one stays. */
@QuarkusTest
@TestProfile(RegistryReloadTest.ReloadableRegistry.class)
class RegistryReloadTest {
    static final Path REGISTRY = Path.of("target/test-registry/registry.yaml");

    public static class ReloadableRegistry implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Files.createDirectories(REGISTRY.getParent());
                Files.copy(MunicipalityRegistryTest.EXAMPLE, REGISTRY, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return Map.of("sagsbro.registry", REGISTRY.toString(), "sagsbro.registry-reload-interval", "200ms",
                    "sagsbro.data-dir", "./target/test-data-registry");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    /** Replaces the file in one step, as an operator's deployment tool would. */
    static void write(String content) throws IOException {
        Path next = REGISTRY.resolveSibling("registry.yaml.next");
        Files.writeString(next, content);
        Files.move(next, REGISTRY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static int eventually(IntSupplier status, int expected) throws InterruptedException {
        int seen = status.getAsInt();
        for (int i = 0; i < 40 && seen != expected; i++) {
            Thread.sleep(100);
            seen = status.getAsInt();
        }
        return seen;
    }

    @Test
    void aChangedRegistryTakesEffectAndAnInvalidOneIsRefused() throws Exception {
        GatewayClient aarhus = GatewayClient.municipality(base, "751");
        IntSupplier aarhusStatus = () -> aarhus.get("/api/v1/transfers").statusCode();
        String example = MunicipalityRegistryTest.example();
        assertThat(aarhusStatus.getAsInt()).isEqualTo(200);

        write(example.replace("    cvr: \"99000751\"\n", ""));
        assertThat(eventually(aarhusStatus, 403)).isEqualTo(403);
        assertThat(new ObjectMapper().readTree(aarhus.get("/api/v1/transfers").body()).get("type").asText())
                .isEqualTo("https://sagsbro.dk/problems/client-not-recognised");

        write(example);
        assertThat(eventually(aarhusStatus, 200)).isEqualTo(200);

        write(example.replace("    cvr: \"99000751\"\n", "").replace("- code: \"860\"", "- code: \"411\""));
        Thread.sleep(1000);
        assertThat(aarhusStatus.getAsInt()).as("the invalid change is refused; 751 keeps its CVR").isEqualTo(200);
    }
}
