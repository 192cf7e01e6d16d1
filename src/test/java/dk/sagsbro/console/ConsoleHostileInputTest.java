package dk.sagsbro.console;

import dk.sagsbro.support.ConsoleClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the console's new inputs answer to a hostile or careless caller: the search field, the list filters, the
 * preferences form's way back, and the language a browser (or a forged header or cookie) asks for.
 */
@QuarkusTest
class ConsoleHostileInputTest {
    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void aSearchOrFilterValueIsEchoedCutAndEscapedNeverWhole() {
        ConsoleClient operator = ConsoleClient.operator(base);
        String hostile = "<script>alert(1)</script>" + "x".repeat(5000);
        String encoded = URLEncoder.encode(hostile, StandardCharsets.UTF_8);

        HttpResponse<String> search = operator.get("/console/search?id=" + encoded);
        HttpResponse<String> filter = operator.get("/console/transfers?municipality=" + encoded);
        HttpResponse<String> date = operator.get("/console/transfers?from=" + encoded);

        for (HttpResponse<String> answer : java.util.List.of(search, filter, date)) {
            assertThat(answer.statusCode()).isEqualTo(400);
            String problems = answer.body().substring(answer.body().indexOf("id=\"problems\""));
            problems = problems.substring(0, problems.indexOf("</ul>"));
            assertThat(problems).hasSizeLessThan(400).doesNotContain("x".repeat(200));
            assertThat(answer.body()).doesNotContain("<script>alert(1)").hasSizeLessThan(20_000);
        }
        assertThat(search.body()).contains("is not a transfer id");
    }

    @Test
    void thePreferencesFormLeadsOnlyToConsolePages() {
        ConsoleClient operator = ConsoleClient.operator(base);
        Map<String, String> expected = Map.of(
                "/console/transfers?state=RECEIVED", "/console/transfers?state=RECEIVED",
                "https://evil.example/console", "/console",
                "//evil.example/console", "/console",
                "/console/../api/v1/inbox", "/console",
                "/consolex", "/console",
                "/console\r\nSet-Cookie: x=y", "/console",
                "/console\\..\\x", "/console",
                "", "/console");
        expected.forEach((back, where) -> {
            HttpResponse<String> answer = operator.post("/console/preferences", Map.of("back", back,
                    "language", "xx"));
            assertThat(answer.statusCode()).as(back).isEqualTo(303);
            assertThat(URI.create(answer.headers().firstValue("Location").orElseThrow()).getRawPath()
                    + (answer.headers().firstValue("Location").orElseThrow().contains("?") ? "?"
                    + URI.create(answer.headers().firstValue("Location").orElseThrow()).getRawQuery() : ""))
                    .as(back).isEqualTo(where);
            assertThat(answer.headers().allValues("Set-Cookie")).as("an unknown language sets nothing").isEmpty();
        });
    }

    @Test
    void aMalformedOrForgedLanguageIsServedInDanish() throws Exception {
        HttpClient http = HttpClient.newBuilder().sslContext(dk.sagsbro.signature.TlsContexts.forClient(
                dk.sagsbro.support.ExamplePki.DIRECTORY.resolve("ca.crt.pem"), null, null)).build();
        for (String[] header : new String[][] {{"Accept-Language", ";;q=abc,,=="}, {"Accept-Language", "x".repeat(3000)},
                {"Cookie", "sagsbro-language=<script>"}, {"Cookie", "sagsbro-language=en\r"}}) {
            HttpResponse<String> login;
            try {
                login = http.send(HttpRequest.newBuilder(base.resolve("/console/login")).header(header[0], header[1])
                        .build(), HttpResponse.BodyHandlers.ofString());
            } catch (IllegalArgumentException refusedByTheClient) {
                continue; // a header the HTTP client itself will not send cannot reach the gateway either
            }
            // A header that does not parse is refused before any page is made; anything else gets the Danish page.
            assertThat(login.statusCode()).as(header[1]).isIn(200, 400);
            if (login.statusCode() == 200) {
                assertThat(login.body()).as(header[1]).contains("<html lang=\"da\">").doesNotContain("<script>");
            }
        }
    }
}
