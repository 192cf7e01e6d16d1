package dk.sagsbro.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.DeliveredTransfer;
import dk.sagsbro.support.GatewayClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator redirects a transfer the receiver rejected as sent to the wrong municipality. */
@QuarkusTest
class ConsoleRedirectTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void theOperatorRedirectsToTheMunicipalityTheRejectionNamed() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        GatewayClient albertslund = GatewayClient.municipality(base, "165");
        DeliveredTransfer delivered = DeliveredTransfer.from101To165(base);
        String id = delivered.id();
        String digest = delivered.packetDigest();
        assertThat(albertslund.acknowledge(id, "165", Map.of("transferId", id, "packetDigest", digest,
                "kind", "REJECTED", "reasonCode", "WRONG_MUNICIPALITY", "reasonText", "Familien bor i Aarhus",
                "rightMunicipality", "751")).statusCode()).isEqualTo(201);
        ConsoleClient operator = ConsoleClient.operator(base);

        String page = operator.get("/console/transfers/" + id).body();
        assertThat(page).contains("id=\"action-redirect\"").contains("data-reason=\"WRONG_MUNICIPALITY\">Wrong municipality</span> (right municipality Aarhus (751)): Familien bor i Aarhus");
        assertThat(operator.get("/console/transfers/" + id + "/redirect").body()).contains("value=\"751\"");
        HttpResponse<String> redirected = operator.post("/console/transfers/" + id + "/redirect",
                ConsoleClient.confirmed("Albertslund named Aarhus; the sender is unreachable today", "receiver",
                        "751"));

        assertThat(redirected.statusCode()).isEqualTo(303);
        JsonNode original = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body());
        assertThat(original.get("status").asText()).isEqualTo("REDIRECTED");
        JsonNode last = original.get("timeline").get(original.get("timeline").size() - 1);
        assertThat(last.get("actor").asText()).isEqualTo("operator:operator");
        assertThat(last.get("detail").asText()).contains("to 751").contains("sender is unreachable");
        String newId = last.get("detail").asText().replaceAll(".* as transfer ([0-9a-f-]{36}).*", "$1");
        assertThat(GatewayClient.municipality(base, "751").inboxLists(newId)).isTrue();
        assertThat(operator.get("/console/transfers/" + id).body()).contains("id=\"redirected-to\"");
    }
}
