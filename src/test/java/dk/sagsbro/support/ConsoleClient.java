package dk.sagsbro.support;

import dk.sagsbro.signature.TlsContexts;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A browser-like client of the operator console: trusts the example CA, presents no certificate unless given one,
 * keeps cookies, never follows redirects (the tests look at them), and sends form posts from the console's origin.
 */
public final class ConsoleClient {
    public static final String OPERATOR = "operator";
    public static final String OPERATOR_PASSWORD = "sagsbro-example-operator";

    private final HttpClient http;
    private final URI base;
    private final String language;

    private ConsoleClient(URI base, String certificateName, String language) {
        this.base = base;
        this.language = language;
        this.http = HttpClient.newBuilder()
                .sslContext(TlsContexts.forClient(ExamplePki.DIRECTORY.resolve("ca.crt.pem"),
                        certificateName == null ? null : ExamplePki.certificateFile(certificateName),
                        certificateName == null ? null : ExamplePki.keyFile(certificateName)))
                .cookieHandler(new CookieManager()).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A browser that states no language preference: the console answers in Danish. */
    public static ConsoleClient anonymous(URI base) {
        return new ConsoleClient(base, null, null);
    }

    /** A browser that prefers {@code language} ("en", "da", "de, en;q=0.5", ...). */
    public static ConsoleClient anonymous(URI base, String language) {
        return new ConsoleClient(base, null, language);
    }

    /** A client presenting a municipality's certificate, as its case system would. */
    public static ConsoleClient municipality(URI base, String code) {
        return new ConsoleClient(base, "municipalities/" + code, null);
    }

    /**
     * Logged in with the example operator account, with a browser set to English: the tests of what the console
     * does read its English words; the Danish ones are checked by ConsoleLanguageTest and the browser test.
     */
    public static ConsoleClient operator(URI base) {
        return operator(base, "en");
    }

    /** Logged in with the example operator account, from a browser that prefers {@code language} (null: none). */
    public static ConsoleClient operator(URI base, String language) {
        ConsoleClient client = new ConsoleClient(base, null, language);
        HttpResponse<String> login = client.login(OPERATOR, OPERATOR_PASSWORD);
        if (login.statusCode() != 302 || login.headers().firstValue("Location").orElse("").contains("error")) {
            throw new IllegalStateException("operator login failed: " + login.statusCode() + " "
                    + login.headers().map());
        }
        return client;
    }

    public HttpResponse<String> login(String name, String password) {
        return send(HttpRequest.newBuilder(base.resolve("/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("j_username", name, "j_password", password))))
                .build());
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build());
    }

    /** A form post as the console's own pages make it (with this gateway as Origin). */
    public HttpResponse<String> post(String path, Map<String, String> fields) {
        return postFrom(path, fields, "https://" + base.getHost() + ":" + base.getPort());
    }

    /** A form post with the given Origin header, or none when null. */
    public HttpResponse<String> postFrom(String path, Map<String, String> fields, String origin) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(fields)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return send(request.build());
    }

    /** The fields of an action confirmed with a reason. */
    public static Map<String, String> confirmed(String reason, String... more) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("reason", reason);
        fields.put("confirmed", "yes");
        for (int i = 0; i + 1 < more.length; i += 2) {
            fields.put(more[i], more[i + 1]);
        }
        return fields;
    }

    private HttpResponse<String> send(HttpRequest request) {
        if (language != null) {
            request = HttpRequest.newBuilder(request, (name, value) -> true).header("Accept-Language", language)
                    .build();
        }
        return BoundedExchange.send(http, request, HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }
}
