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
        return https(directory, false);
    }

    /**
     * As {@link #https(Path)}, but the TLS handshake fails unless the caller presents a certificate of the example CA:
     * a municipality's escalation webhook, which takes messages only from the gateway.
     */
    public static WireMockServer webhook(Path directory) {
        return https(directory, true);
    }

    /** {@code https://localhost:PORT/path} of a receiver: the name its certificate is for. */
    public static String url(WireMockServer receiver, String path) {
        return "https://localhost:" + receiver.httpsPort() + path;
    }

    private static WireMockServer https(Path directory, boolean clientCertificateRequired) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("receiver", ExamplePki.key("gateway"), "example".toCharArray(),
                    new X509Certificate[] {ExamplePki.certificate("gateway")});
            Path keystore = Files.createDirectories(directory).resolve("receiver.p12");
            try (OutputStream out = Files.newOutputStream(keystore)) {
                store.store(out, "example".toCharArray());
            }
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("example-ca", ExamplePki.certificate("ca"));
            Path truststore = directory.resolve("receiver-trust.p12");
            try (OutputStream out = Files.newOutputStream(truststore)) {
                anchors.store(out, "example".toCharArray());
            }
            WireMockServer receiver = new WireMockServer(options().httpDisabled(true).dynamicHttpsPort()
                    .bindAddress("127.0.0.1").keystorePath(keystore.toString()).keystorePassword("example")
                    .keyManagerPassword("example").keystoreType("PKCS12").needClientAuth(clientCertificateRequired)
                    .trustStorePath(truststore.toString()).trustStorePassword("example").trustStoreType("PKCS12"));
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
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            anchors.setCertificateEntry("example-ca", ExamplePki.certificate("ca"));
            javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            trust.init(anchors);
            javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
            tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return tls;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JDK HTTPS server's TLS that refuses a caller without a certificate of the example CA. */
    public static com.sun.net.httpserver.HttpsConfigurator clientCertificateRequired(javax.net.ssl.SSLContext tls) {
        return new com.sun.net.httpserver.HttpsConfigurator(tls) {
            @Override
            public void configure(com.sun.net.httpserver.HttpsParameters parameters) {
                javax.net.ssl.SSLParameters ssl = tls.getDefaultSSLParameters();
                ssl.setNeedClientAuth(true);
                parameters.setSSLParameters(ssl);
            }
        };
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
