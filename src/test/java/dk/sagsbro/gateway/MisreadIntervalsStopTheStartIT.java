package dk.sagsbro.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged gateway, given timer intervals Camel would read as zero (a timer that fires once and stops), does not
 * start, and names each of them.
 */
class MisreadIntervalsStopTheStartIT {
    @TempDir
    Path data;

    @Test
    void thePackagedGatewayStopsOnIntervalsItCouldNotRunOn() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", "target/quarkus-app/quarkus-run.jar").redirectErrorStream(true);
        builder.environment().put("SAGSBRO_DATA_DIR", data.toString());
        builder.environment().put("QUARKUS_HTTP_SSL_PORT", "0");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", "0");
        builder.environment().put("SAGSBRO_AUDIT_SEAL_INTERVAL", "1 minute");
        builder.environment().put("SAGSBRO_DELIVERY_PUSH_INTERVAL", "0");
        Process gateway = builder.start();
        gateway.getOutputStream().close();
        String output = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean ended = gateway.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            gateway.destroyForcibly();
        }

        assertThat(ended).as(output).isTrue();
        assertThat(gateway.exitValue()).as(output).isNotZero();
        assertThat(output).contains("does not start on these intervals")
                .contains("sagsbro.audit.seal-interval is 1 minute").contains("sagsbro.delivery.push-interval is 0")
                .doesNotContain("Started audit-seal");
    }
}
