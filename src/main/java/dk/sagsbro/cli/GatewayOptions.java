package dk.sagsbro.cli;

import dk.sagsbro.signature.Pem;
import dk.sagsbro.signature.TlsContexts;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;

/** Which gateway to call and how its TLS certificate is checked; calls it with the municipality's client certificate. */
final class GatewayOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--gateway", paramLabel = "URL", defaultValue = "https://localhost:8443",
            description = "the gateway's address (default: ${DEFAULT-VALUE}); or SAGSBRO_GATEWAY")
    private String gateway;

    @Option(names = "--ca", paramLabel = "FILE",
            description = "the CA certificates (PEM) the gateway's TLS certificate must chain to; or SAGSBRO_CA")
    private Path ca;

    URI resolve(String pathAndQuery) {
        URI base;
        try {
            base = new URI(gateway);
        } catch (URISyntaxException e) {
            throw new ParameterException(command.commandLine(), "--gateway " + gateway + " is not a URL");
        }
        if (!"https".equals(base.getScheme()) || base.getHost() == null) {
            throw new ParameterException(command.commandLine(),
                    "--gateway must be an https:// address with a host, such as https://localhost:8443; got " + gateway);
        }
        return base.resolve(pathAndQuery);
    }

    /** Sends a request; a gateway that cannot be reached is an {@link IOException} that says which and why. */
    <T> HttpResponse<T> send(CliContext context, CredentialOptions credentials, HttpRequest request,
            HttpResponse.BodyHandler<T> handler) throws IOException {
        if (ca == null) {
            throw new ParameterException(command.commandLine(), "the CA the gateway's certificate chains to is "
                    + "needed: give --ca FILE, set SAGSBRO_CA, or put ca=FILE in the config file");
        }
        List<X509Certificate> trusted;
        try (InputStream in = Files.newInputStream(ca)) {
            trusted = Pem.certificates(in);
        }
        Credentials own = credentials.read(context);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
                .sslContext(TlsContexts.forClient(trusted, own.key(), own.chain())).build();
        try {
            return client.send(request, handler);
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new IOException("cannot reach the gateway at " + gateway + ": "
                    + SagsbroCli.describe(e.getCause() != null ? e.getCause() : e), e);
        } catch (SSLException e) {
            throw new IOException("the TLS connection to " + gateway + " failed: " + SagsbroCli.describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
