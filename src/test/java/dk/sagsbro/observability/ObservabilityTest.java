package dk.sagsbro.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.DeliveredTransfer;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.GatewayClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health and metrics on the management interface (not on the municipalities' port), the gateway's own metrics
 * moving with the transfers, and the Grafana dashboard and alert rules in docs/ naming only metrics that exist.
 */
@QuarkusTest
class ObservabilityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern METRIC_NAME = Pattern.compile("\\b((?:sagsbro|camel)_[a-z_]+)\\b");

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void liveAndReadyIncludeTheDatabaseAndTheRoutes() throws Exception {
        assertThat(JSON.readTree(get("/q/health/live").body()).get("status").asText()).isEqualTo("UP");
        HttpResponse<String> ready = get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode checks = JSON.readTree(ready.body()).get("checks");
        assertThat(checks.findValuesAsText("name")).contains("Database connections health check", "camel-routes",
                "camel-consumers", "payload store", "revocation lists");
        checks.forEach(check -> assertThat(check.get("status").asText()).as(check.toString()).isEqualTo("UP"));
        assertThat(JSON.readTree(ready.body()).get("status").asText()).isEqualTo("UP");
    }

    @Test
    void healthAndMetricsAreNotOnTheMunicipalitiesPort() {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        assertThat(copenhagen.get("/q/health").statusCode()).isEqualTo(404);
        assertThat(copenhagen.get("/q/metrics").statusCode()).isEqualTo(404);
    }

    @Test
    void anAcknowledgementThatDeliversCountsADeliveryAndAnAcknowledgementAtOnce() throws Exception {
        // The receiver answers before the gateway has recorded the delivery, as a pushed-to receiver may.
        double deliveredBefore = value(metrics(), "sagsbro_delivery_latency_seconds_count");
        double acknowledgedBefore = value(metrics(), "sagsbro_acknowledgement_latency_seconds_count");
        double instantBefore = value(metrics(), "sagsbro_acknowledgement_latency_seconds_sum");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();
        var submitted = GatewayClient.municipality(base, "101").submit(TestPackets.packed(caseJson,
                ExamplePki.municipality("101")));
        assertThat(submitted.statusCode()).isEqualTo(202);
        String digest = new ObjectMapper().readTree(submitted.body()).get("packetDigest").asText();

        assertThat(GatewayClient.municipality(base, "165").acknowledge(id, "165", Map.of("transferId", id,
                "packetDigest", digest, "kind", "RECEIVED")).statusCode()).isEqualTo(201);

        String metrics = metrics();
        assertThat(value(metrics, "sagsbro_delivery_latency_seconds_count")).isEqualTo(deliveredBefore + 1);
        assertThat(value(metrics, "sagsbro_acknowledgement_latency_seconds_count")).isEqualTo(acknowledgedBefore + 1);
        // delivered and acknowledged in one transaction: no time between them
        assertThat(value(metrics, "sagsbro_acknowledgement_latency_seconds_sum")).isEqualTo(instantBefore);
    }

    @Test
    void theGatewaysMetricsFollowTheTransfers() throws Exception {
        GatewayClient albertslund = GatewayClient.municipality(base, "165");
        double deliveredBefore = value(metrics(), "sagsbro_delivery_latency_seconds_count");
        double acknowledgedBefore = value(metrics(), "sagsbro_acknowledgement_latency_seconds_count");
        DeliveredTransfer delivered = DeliveredTransfer.from101To165(base);
        String id = delivered.id();
        String digest = delivered.packetDigest();
        assertThat(albertslund.acknowledge(id, "165", Map.of("transferId", id, "packetDigest", digest,
                "kind", "RECEIVED")).statusCode()).isEqualTo(201);

        String metrics = metrics();
        assertThat(value(metrics, "sagsbro_delivery_latency_seconds_count")).isEqualTo(deliveredBefore + 1);
        assertThat(value(metrics, "sagsbro_acknowledgement_latency_seconds_count")).isEqualTo(acknowledgedBefore + 1);
        assertThat(metrics).contains("sagsbro_delivery_latency_seconds_bucket{le=")
                .contains("sagsbro_transfers{state=\"ACKNOWLEDGED\"}").contains("sagsbro_transfers_overdue ")
                .contains("camel_exchanges_total{").contains("routeId=\"deadline-watch\"");
        long deadline = System.nanoTime() + 15_000_000_000L; // the counts are read from the database every 5 s
        while (value(metrics, "sagsbro_transfers{state=\"ACKNOWLEDGED\"}") < 1 && System.nanoTime() < deadline) {
            Thread.sleep(500);
            metrics = metrics();
        }
        assertThat(value(metrics, "sagsbro_transfers{state=\"ACKNOWLEDGED\"}")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theDashboardAndTheAlertRulesNameOnlyMetricsTheGatewayServes() throws Exception {
        String served = metrics();
        Set<String> named = new TreeSet<>();
        JsonNode dashboard = JSON.readTree(Files.readString(Path.of("docs/observability/grafana-dashboard.json")));
        dashboard.get("panels").forEach(panel -> panel.get("targets").forEach(t -> names(t.get("expr").asText(), named)));
        JsonNode alerts = new YAMLMapper().readTree(Files.readString(Path.of("docs/observability/prometheus-alerts.yaml")));
        alerts.get("groups").forEach(group -> group.get("rules").forEach(rule -> names(rule.get("expr").asText(),
                named)));

        assertThat(named).contains("sagsbro_transfers", "sagsbro_transfers_overdue", "sagsbro_delivery_failing",
                "sagsbro_delivery_latency_seconds_bucket", "sagsbro_acknowledgement_latency_seconds_bucket",
                "sagsbro_audit_unsealed");
        for (String name : named) {
            assertThat(served).as(name).containsPattern("(?m)^" + Pattern.quote(name) + "[ {]");
        }
        assertThat(alerts.get("groups").get(0).get("rules").findValuesAsText("alert"))
                .contains("SagsbroTransfersOverdue", "SagsbroDeliveriesFailing");
    }

    private static void names(String expression, Set<String> into) {
        Matcher matcher = METRIC_NAME.matcher(expression);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static double value(String metrics, String series) {
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(series) + "(?:\\{[^}]*\\})? ([0-9.eE+-]+)$")
                .matcher(metrics);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
    }

    private String metrics() throws Exception {
        HttpResponse<String> response = get("/q/metrics");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(management.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
