package dk.sagsbro.signature;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** Reads certificates and private keys from PEM text. */
public final class Pem {
    private Pem() {
    }

    public static List<X509Certificate> certificates(InputStream pem) throws IOException {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(pem).stream()
                    .map(X509Certificate.class::cast).toList();
        } catch (CertificateException e) {
            throw new IOException("not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    public static List<X509Certificate> certificates(byte[] pem) throws IOException {
        return certificates(new ByteArrayInputStream(pem));
    }

    /** Reads an unencrypted PKCS#8 or traditional (EC/RSA) private key. */
    public static PrivateKey privateKey(InputStream pem) throws IOException {
        try (Reader reader = new InputStreamReader(pem, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (object instanceof PEMKeyPair pair) {
                return converter.getKeyPair(pair).getPrivate();
            }
            if (object instanceof PrivateKeyInfo info) {
                return converter.getPrivateKey(info);
            }
            throw new IOException("no unencrypted private key in PEM input");
        }
    }
}
