package dk.sagsbro.api;

import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.GatewayClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web surface decides on one spelling of each path: a path written so that routing would read it differently
 * from the filters that guard the API and the console is refused before either runs; console pages carry headers
 * that keep them from being framed or leaking to other sites.
 */
@QuarkusTest
class WebSurfaceTest {
    @TestHTTPResource(value = "/", tls = true)
    URI base;

    private HttpResponse<String> raw(GatewayClient client, String path) {
        URI uri = URI.create(base.toString().replaceFirst("/$", "") + path);
        return client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    @ParameterizedTest(name = "{0} is refused")
    @ValueSource(strings = {"/%63onsole", "/console%2Ftransfers", "/%63onsole/transfers?state=RECEIVED",
            "/console;x=1", "/console/;/transfers", "//console", "/api/../console", "/api/./v1/transfers",
            "/%61pi/v1/transfers", "/api;x/v1/transfers", "/api/v1/transfers%2F..%2F..%2Fconsole",
            "/console/transfers/%2e%2e/%2e%2e/api/v1/transfers"})
    void refusesAPathWrittenInAnotherSpellingEvenWithAMunicipalityCertificate(String path) {
        HttpResponse<String> response = raw(GatewayClient.municipality(base, "101"), path);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("request-invalid").doesNotContain("<html");
    }

    @Test
    void theConsoleStillRefusesAMunicipalityCertificateOnItsPlainPath() {
        assertThat(raw(GatewayClient.municipality(base, "101"), "/console").statusCode()).isEqualTo(403);
    }

    @Test
    void consolePagesForbidFramingForeignContentAndReferrers() {
        HttpResponse<String> login = ConsoleClient.anonymous(base).get("/console/login");

        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().firstValue("Content-Security-Policy")).get().asString()
                .contains("default-src 'self'").contains("frame-ancestors 'none'").contains("form-action 'self'");
        assertThat(login.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(login.headers().firstValue("Referrer-Policy")).contains("same-origin");
        assertThat(login.headers().firstValue("X-Content-Type-Options")).contains("nosniff");

        HttpResponse<String> overview = ConsoleClient.operator(base).get("/console");
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.headers().firstValue("Content-Security-Policy")).isPresent();
    }
}
