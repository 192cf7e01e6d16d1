package dk.sagsbro.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged gateway (target/quarkus-app) as its own process on PostgreSQL, for benchmarks and crash tests. */
public final class PackagedGateway implements AutoCloseable {
    private final Process process;
    private final URI base;

    private PackagedGateway(Process process, int port) {
        this.process = process;
        this.base = URI.create("https://localhost:" + port + "/");
    }

    /**
     * Starts the gateway and waits until it answers.
     *
     * @param jvm      the java binary and its options before {@code -jar}
     * @param settings more environment variables (configuration)
     */
    public static PackagedGateway start(EmbeddedPostgres postgres, int port, Path dataDir, List<String> jvm,
            Map<String, String> settings, Path log) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(jvm);
        command.addAll(List.of("-jar", "target/quarkus-app/quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_SSL_PORT", String.valueOf(port));
        // Any free port for health and metrics: several gateways may run at once (a killed one may linger).
        env.put("QUARKUS_MANAGEMENT_PORT", "0");
        env.put("QUARKUS_DATASOURCE_EMBEDDED_ACTIVE", "false");
        env.put("QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE", "true");
        env.put("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_URL", postgres.getJdbcUrl("postgres", "postgres"));
        env.put("QUARKUS_DATASOURCE_POSTGRESQL_USERNAME", "postgres");
        env.put("QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD", "postgres");
        env.put("SAGSBRO_DATA_DIR", dataDir.toString());
        // The example PKI on PostgreSQL: allowed only when said so.
        env.put("SAGSBRO_MODE", "example");
        // The same payload key across restarts, as production must have.
        env.put("SAGSBRO_PAYLOAD_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        env.put("SAGSBRO_PSEUDONYM_KEY", "HyAhIiMkJSYnKCkqKywtLi8wMTIzNDU2Nzg5Ojs8PT4=");
        env.putAll(settings);
        PackagedGateway gateway = new PackagedGateway(builder.start(), port);
        gateway.awaitReady(log);
        return gateway;
    }

    public URI base() {
        return base;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    private void awaitReady(Path log) throws InterruptedException {
        GatewayClient client = GatewayClient.municipality(base, "101");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the gateway stopped; see " + log);
            }
            try {
                if (client.get("/api/v1/transfers?size=1").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the gateway did not start in 90 s; see " + log);
    }

    /** Ends the process at once, as a crash or {@code kill -9} would: no shutdown hook runs. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
    }
}
