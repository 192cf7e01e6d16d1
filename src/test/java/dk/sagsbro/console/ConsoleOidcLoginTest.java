package dk.sagsbro.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production's login: OpenID Connect's authorization code flow. The console sends an operator to the identity
 * provider, takes the code back, and names the operator by the token in the timeline; the form login's accounts no
 * longer open it, and municipality certificates still do not.
 */
@QuarkusTest
@TestProfile(OidcProvider.class)
class ConsoleOidcLoginTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void anOperatorLogsInAtTheIdentityProviderAndActsUnderItsName() throws Exception {
        ConsoleClient browser = ConsoleClient.anonymous(base);
        HttpResponse<String> toProvider = browser.get("/console");
        assertThat(toProvider.statusCode()).isEqualTo(302);
        URI authorization = URI.create(toProvider.headers().firstValue("Location").orElseThrow());
        assertThat(authorization.toString()).startsWith(OidcProvider.provider.baseUrl() + "/realms/sagsbro/auth");
        Map<String, String> query = query(authorization);
        assertThat(query).containsEntry("client_id", OidcProvider.CLIENT_ID).containsEntry("response_type", "code");

        // The provider logs the operator in and sends the browser back with a code.
        URI callback = URI.create(query.get("redirect_uri") + "?code=example-code&state=" + query.get("state"));
        HttpResponse<String> back = browser.get(callback.getRawPath() + "?" + callback.getRawQuery());
        assertThat(back.statusCode()).isEqualTo(302);
        HttpResponse<String> overview = browser.get("/console");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("id=\"operator\">kirsten<");

        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();
        assertThat(copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);
        assertThat(browser.post("/console/transfers/" + id + "/cancel",
                ConsoleClient.confirmed("Withdrawn by the sender")).statusCode()).isEqualTo(303);
        JsonNode timeline = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body()).get("timeline");
        assertThat(timeline.get(timeline.size() - 1).get("actor").asText()).isEqualTo("operator:kirsten");
    }

    @Test
    void theFormAccountsAndMunicipalityCertificatesDoNotOpenTheConsole() {
        ConsoleClient formUser = ConsoleClient.anonymous(base);
        formUser.login(ConsoleClient.OPERATOR, ConsoleClient.OPERATOR_PASSWORD);
        HttpResponse<String> response = formUser.get("/console");
        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location").orElseThrow())
                .startsWith(OidcProvider.provider.baseUrl());
        assertThat(ConsoleClient.municipality(base, "101").get("/console").statusCode()).isEqualTo(403);
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> parameters = new HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }
}
