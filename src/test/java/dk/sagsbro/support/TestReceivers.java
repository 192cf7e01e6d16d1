package dk.sagsbro.support;

import com.github.tomakehurst.wiremock.WireMockServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** Receiving municipalities for tests: WireMock on loopback, and registries that point at them. */
public final class TestReceivers {
    private TestReceivers() {
    }

    /**
     * WireMock over HTTPS on loopback, serving the example CA's {@code localhost} certificate, as a receiving
     * municipality's case system; {@code directory} holds its key store.
     */
    public static WireMockServer https(Path directory) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("receiver", ExamplePki.key("gateway"), "example".toCharArray(),
                    new X509Certificate[] {ExamplePki.certificate("gateway")});
            Path keystore = Files.createDirectories(directory).resolve("receiver.p12");
            try (OutputStream out = Files.newOutputStream(keystore)) {
                store.store(out, "example".toCharArray());
            }
            WireMockServer receiver = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort()
                    .bindAddress("127.0.0.1").keystorePath(keystore.toString()).keystorePassword("example")
                    .keyManagerPassword("example").keystoreType("PKCS12"));
            receiver.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * TLS for a receiving municipality's server on loopback (a JDK HTTPS server): the example CA's {@code localhost}
     * certificate, which the gateway trusts.
     */
    public static javax.net.ssl.SSLContext localhostServerTls() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("receiver", ExamplePki.key("gateway"), new char[0],
                    new X509Certificate[] {ExamplePki.certificate("gateway")});
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, new char[0]);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), null, null);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes the example registry with lines added to Albertslund's (165) entry, e.g. a push endpoint. */
    public static Path registryWithAlbertslund(Path file, String entryLines) {
        try {
            String albertslund = "name: Albertslund\n    cvr: \"99000165\"\n    delivery: {mode: PULL}";
            String example = Files.readString(Path.of("certs-example/registry.yaml"));
            String changed = entryLines.startsWith("delivery:")
                    ? example.replace(albertslund, "name: Albertslund\n    cvr: \"99000165\"\n    " + entryLines)
                    : example.replace(albertslund, albertslund + "\n    " + entryLines);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, changed);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
