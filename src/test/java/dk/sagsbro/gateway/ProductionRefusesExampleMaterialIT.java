package dk.sagsbro.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway, told it runs in production, does not start on the example material it ships with, and says
 * what to set; on the embedded default it starts and says it runs on example material.
 */
class ProductionRefusesExampleMaterialIT {
    @TempDir
    Path data;

    @Test
    void thePackagedGatewayRefusesToStartInProductionOnExampleMaterial() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true);
        builder.environment().put("SAGSBRO_MODE", "production");
        builder.environment().put("SAGSBRO_DATA_DIR", data.toString());
        builder.environment().put("QUARKUS_HTTP_SSL_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        Process gateway = builder.start();
        gateway.getOutputStream().close();
        String output = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = gateway.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            gateway.destroyForcibly();
        }

        assertThat(ended).as(output).isTrue();
        assertThat(gateway.exitValue()).as(output).isNotZero();
        assertThat(output).contains("does not start in production on example material")
                .contains("sagsbro.trust-anchors").contains("sagsbro.signing-certificate")
                .contains("sagsbro.console.operators-file").contains("sagsbro.revocation.mode")
                .contains("sagsbro.payload-key");
        assertThat(data.resolve("payload.key")).doesNotExist();
    }
}
