package dk.sagsbro.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dk.sagsbro.support.GatewayClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The API contract is served as the file says it, with Swagger UI, on the management interface only. */
@QuarkusTest
class ServedApiReferenceTest {
    @TestHTTPResource(value = "/", management = true)
    URI management;

    @TestHTTPResource(value = "/", tls = true)
    URI api;

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServedContractIsTheFile() throws Exception {
        HttpResponse<String> served = get(management.resolve("/q/openapi?format=json"));
        assertThat(served.statusCode()).isEqualTo(200);

        JsonNode file = new YAMLMapper().readTree(Path.of("openapi/sagsbro-api.yaml").toFile());
        assertThat(new ObjectMapper().readTree(served.body())).isEqualTo(file);
    }

    @Test
    void swaggerUiAnswers() throws Exception {
        HttpResponse<String> ui = get(management.resolve("/q/swagger-ui/"));
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).containsIgnoringCase("swagger");
    }

    @Test
    void theMunicipalitiesPortServesNeither() {
        GatewayClient copenhagen = GatewayClient.municipality(api, "101");
        assertThat(copenhagen.get("/q/openapi").statusCode()).isEqualTo(404);
        assertThat(copenhagen.get("/q/swagger-ui/").statusCode()).isEqualTo(404);
    }
}
