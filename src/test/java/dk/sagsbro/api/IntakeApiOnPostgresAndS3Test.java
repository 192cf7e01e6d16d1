package dk.sagsbro.api;

import dk.sagsbro.support.OnPostgresAndS3;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/**
 * The same API behaviour as production runs it: transfers in PostgreSQL, packet bytes in an S3-compatible bucket
 * (s3proxy), so that every intake, download and push goes through the object store.
 */
@QuarkusTest
@TestProfile(OnPostgresAndS3.class)
class IntakeApiOnPostgresAndS3Test extends IntakeApiTest {
    @TestHTTPResource(value = "/", management = true)
    java.net.URI management;

    @org.junit.jupiter.api.Test
    void readinessReportsTheObjectStore() throws Exception {
        java.net.http.HttpResponse<String> ready = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(management.resolve("/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        JsonNode store = null;
        for (JsonNode check : new ObjectMapper().readTree(ready.body()).get("checks")) {
            if (check.get("name").asText().equals("payload store")) {
                store = check;
            }
        }
        org.assertj.core.api.Assertions.assertThat(store).isNotNull();
        org.assertj.core.api.Assertions.assertThat(store.get("status").asText()).isEqualTo("UP");
        org.assertj.core.api.Assertions.assertThat(store.get("data").get("store").asText()).startsWith("S3 bucket");
    }
}
