package dk.sagsbro.support;

import dk.sagsbro.signature.TlsContexts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** Calls the gateway over mutual TLS as one municipality, with one of the example certificates. */
public final class GatewayClient {
    private final HttpClient http;
    private final URI base;

    public GatewayClient(URI base, String certificateName) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .sslContext(TlsContexts.forClient(ExamplePki.DIRECTORY.resolve("ca.crt.pem"),
                        certificateName == null ? null : ExamplePki.certificateFile(certificateName),
                        certificateName == null ? null : ExamplePki.keyFile(certificateName)))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private GatewayClient(URI base, Path certificate, Path key) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .sslContext(TlsContexts.forClient(ExamplePki.DIRECTORY.resolve("ca.crt.pem"), certificate, key))
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** A client presenting the given certificate and key (PEM files), such as one from a {@link TestPki}. */
    public static GatewayClient withCertificate(URI base, Path certificate, Path key) {
        return new GatewayClient(base, certificate, key);
    }

    public URI baseUri() {
        return base;
    }

    public static GatewayClient municipality(URI base, String code) {
        return new GatewayClient(base, "municipalities/" + code);
    }

    public HttpResponse<String> submit(byte[] packet) {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/transfers"))
                .header("Content-Type", "application/vnd.etsi.asic-e+zip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(packet)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Whether the calling municipality's inbox lists the transfer, on any page. */
    public boolean inboxLists(String transferId) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (int page = 0; ; page++) {
            try {
                com.fasterxml.jackson.databind.JsonNode items = json.readTree(
                        get("/api/v1/inbox?size=200&page=" + page).body()).get("items");
                if (items.isEmpty()) {
                    return false;
                }
                if (items.findValuesAsText("id").contains(transferId)) {
                    return true;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Posts a signed acknowledgement (CMS with the JSON statement inside) for the transfer. */
    public HttpResponse<String> acknowledge(String transferId, byte[] signedStatement) {
        return send(HttpRequest.newBuilder(base.resolve("/api/v1/transfers/" + transferId + "/acknowledgements"))
                .header("Content-Type", "application/pkcs7-mime")
                .POST(HttpRequest.BodyPublishers.ofByteArray(signedStatement)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Signs the statement with the municipality's example key and posts it. */
    public HttpResponse<String> acknowledge(String transferId, String signingMunicipality,
            java.util.Map<String, String> statement) {
        try {
            return acknowledge(transferId, ExamplePki.municipality(signingMunicipality).signEncapsulated(
                    new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(statement)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> getBytes(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return BoundedExchange.send(http, request, handler);
    }
}
