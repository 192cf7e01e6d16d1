package dk.sagsbro.signature;


import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;

/** TLS client contexts from PEM files: the gateway's CA to trust, and the municipality's certificate and key. */
public final class TlsContexts {
    private static final char[] IN_MEMORY = new char[0];

    private TlsContexts() {
    }

    /** @param certificate and {@code key} may be null for a call without a client certificate */
    /** The certificate the peer of a TLS session presented, or null when it presented none. */
    public static java.security.cert.X509Certificate peerCertificate(javax.net.ssl.SSLSession session) {
        List<java.security.cert.X509Certificate> chain = peerChain(session);
        return chain.isEmpty() ? null : chain.get(0);
    }

    /** The certificates the peer of a TLS session presented, its own first; empty when it presented none. */
    public static List<java.security.cert.X509Certificate> peerChain(javax.net.ssl.SSLSession session) {
        if (session == null) {
            return List.of();
        }
        try {
            List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
            for (java.security.cert.Certificate certificate : session.getPeerCertificates()) {
                if (certificate instanceof java.security.cert.X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    public static SSLContext forClient(Path trustedCa, Path certificate, Path key) {
        try {
            if (certificate == null) {
                return forClient(read(trustedCa), null, null);
            }
            try (InputStream keyIn = Files.newInputStream(key)) {
                return forClient(read(trustedCa), Pem.privateKey(keyIn), read(certificate));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A context that trusts {@code trusted} and presents {@code chain} with {@code key} (both may be null). */
    public static SSLContext forClient(List<X509Certificate> trusted, java.security.PrivateKey key,
            List<X509Certificate> chain) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            int i = 0;
            for (X509Certificate ca : trusted) {
                trust.setCertificateEntry("ca-" + i++, ca);
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            if (key != null) {
                keys.setKeyEntry("client", key, IN_MEMORY, chain.toArray(new X509Certificate[0]));
            }
            keyManagers.init(keys, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> read(Path pem) throws IOException {
        try (InputStream in = Files.newInputStream(pem)) {
            return Pem.certificates(in);
        }
    }
}
