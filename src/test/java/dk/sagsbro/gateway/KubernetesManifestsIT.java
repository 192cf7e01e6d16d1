package dk.sagsbro.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PackagedGateway;
import dk.sagsbro.support.S3Server;
import dk.sagsbro.support.TestPackets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes manifests the build generates (target/kubernetes/kubernetes.yml): their probes point at paths the
 * management port serves, from outside the pod; the deployment keeps no state on an instance. The packaged gateway
 * is then started with the manifest's own environment (paths to mounted material replaced by the example PKI) on
 * PostgreSQL and an S3 bucket: it answers every probe, takes and serves a packet, writes nothing to local disk, logs
 * JSON, and stops promptly on SIGTERM.
 */
class KubernetesManifestsIT {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    static final int PORT = 18743;

    static List<JsonNode> resources;
    static JsonNode deployment;
    static JsonNode container;
    static Properties properties;

    @BeforeAll
    static void readManifests() throws Exception {
        resources = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(Path.of("target/kubernetes/kubernetes.yml").toFile())) {
            YAML.readValues(parser, JsonNode.class).forEachRemaining(resources::add);
        }
        deployment = resources.stream().filter(r -> r.path("kind").asText().equals("Deployment")).findFirst()
                .orElseThrow();
        container = deployment.at("/spec/template/spec/containers/0");
        properties = new Properties();
        try (var in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
    }

    static Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        container.path("env").forEach(e -> {
            if (e.has("value")) {
                env.put(e.get("name").asText(), e.get("value").asText());
            }
        });
        return env;
    }

    @Test
    void everyProbeAsksTheManagementPortForAHealthPathAndThatPortListensBeyondLoopback() {
        int managementPort = Integer.parseInt(properties.getProperty("quarkus.management.port"));
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            JsonNode get = container.path(probe).path("httpGet");
            assertThat(get.path("port").asInt()).as(probe).isEqualTo(managementPort);
            assertThat(get.path("path").asText()).as(probe).isIn("/q/health/live", "/q/health/ready",
                    "/q/health/started");
        }
        assertThat(container.at("/readinessProbe/httpGet/path").asText()).isEqualTo("/q/health/ready");
        assertThat(container.at("/livenessProbe/httpGet/path").asText()).isEqualTo("/q/health/live");
        assertThat(environment()).containsEntry("QUARKUS_MANAGEMENT_HOST", "0.0.0.0");
    }

    @Test
    void onlyTheHttpsAndManagementPortsAreOpen() {
        List<Integer> ports = new ArrayList<>();
        container.path("ports").forEach(p -> ports.add(p.get("containerPort").asInt()));
        assertThat(ports).containsExactlyInAnyOrder(8443,
                Integer.parseInt(properties.getProperty("quarkus.management.port")));
        JsonNode service = resources.stream().filter(r -> r.path("kind").asText().equals("Service")).findFirst()
                .orElseThrow();
        assertThat(service.at("/spec/ports").findValuesAsText("targetPort")).containsExactly("8443");
    }

    @Test
    void severalInstancesKeepNoStateOfTheirOwn() {
        assertThat(deployment.at("/spec/replicas").asInt()).isGreaterThan(1);
        Map<String, String> env = environment();
        assertThat(env).containsEntry("QUARKUS_DATASOURCE_POSTGRESQL_ACTIVE", "true")
                .containsEntry("QUARKUS_DATASOURCE_EMBEDDED_ACTIVE", "false")
                .containsEntry("SAGSBRO_PAYLOAD_STORE_TYPE", "s3")
                .containsEntry("SAGSBRO_MODE", "production");
        // no volume an instance could keep state in: only Secrets and ConfigMaps, mounted read-only
        deployment.at("/spec/template/spec/volumes").forEach(volume ->
                assertThat(volume.has("secret") || volume.has("configMap")).as(volume.toString()).isTrue());
        container.path("volumeMounts").forEach(mount -> {
            if (mount.get("mountPath").asText().startsWith("/etc/sagsbro")) {
                assertThat(mount.get("readOnly").asBoolean()).as(mount.toString()).isTrue();
            }
        });
        assertThat(env).doesNotContainKeys("SAGSBRO_PAYLOAD_KEY", "SAGSBRO_PSEUDONYM_KEY",
                "QUARKUS_DATASOURCE_POSTGRESQL_PASSWORD");
    }

    @Test
    void thePackagedGatewayRunsOnTheManifestsEnvironmentWithoutLocalState() throws Exception {
        Path work = Files.createDirectories(Path.of("target/kubernetes-test"));
        Path dataDir = work.resolve("no-local-state-" + System.nanoTime());
        Path log = work.resolve("gateway.log");
        Files.deleteIfExists(log);
        int managementPort;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            managementPort = probe.getLocalPort();
        }
        Map<String, String> env = new HashMap<>(environment());
        // The mounted material is the example PKI here, which only example mode accepts; servers in tests listen on
        // loopback only.
        env.replaceAll((name, value) -> value.startsWith("/etc/sagsbro/pki/") ? "certs-example/"
                + value.substring("/etc/sagsbro/pki/".length()) : value);
        env.put("SAGSBRO_REGISTRY", "certs-example/registry.yaml");
        env.put("SAGSBRO_MODE", "example");
        env.put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPort));
        env.put("SAGSBRO_DATA_DIR", dataDir.toString());

        try (S3Server s3 = S3Server.started(); EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Map<String, String> store = s3.gatewayConfiguration(s3.freshBucket());
            store.forEach((key, value) -> env.put(key.toUpperCase(java.util.Locale.ROOT).replace('.', '_')
                    .replace('-', '_'), value));
            PackagedGateway gateway = PackagedGateway.start(postgres, PORT, dataDir, List.of("java", "-Xmx256m"),
                    env, log);
            try {
                HttpClient http = HttpClient.newHttpClient();
                for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
                    URI uri = URI.create("http://127.0.0.1:" + managementPort
                            + container.path(probe).path("httpGet").path("path").asText());
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(uri).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(answer.statusCode()).as(probe + " " + answer.body()).isEqualTo(200);
                }

                ObjectNode caseJson = TestPackets.handover("101", "165");
                String id = caseJson.get("transferId").asText();
                assertThat(GatewayClient.municipality(gateway.base(), "101")
                        .submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                        .isEqualTo(202);
                assertThat(GatewayClient.municipality(gateway.base(), "165")
                        .get("/api/v1/transfers/" + id + "/packet").statusCode()).isEqualTo(200);
                assertThat(dataDir).as("an instance keeps nothing on its disk").doesNotExist();
            } finally {
                long stopping = System.nanoTime();
                gateway.close();
                long stoppedInSeconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - stopping);
                assertThat(gateway.isAlive()).isFalse();
                assertThat(stoppedInSeconds).as("SIGTERM to exit, within the pod's 30 s grace").isLessThan(30);
            }
        }
        List<String> lines = Files.readAllLines(log).stream().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as("JSON log lines").isNotEmpty();
        for (String line : lines) {
            assertThat(JSON.readTree(line).has("message")).as(line).isTrue();
        }
    }
}
