package dk.sagsbro.support;

import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.signature.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** The example PKI in certs-example/, as the tests use it. */
public final class ExamplePki {
    public static final Path DIRECTORY = Path.of("certs-example");

    private ExamplePki() {
    }

    public static Path certificateFile(String name) {
        return DIRECTORY.resolve(name + ".crt.pem");
    }

    public static Path keyFile(String name) {
        return DIRECTORY.resolve(name + ".key.pem");
    }

    /** A municipality's example certificate: "municipalities/101", "municipalities/expired-147", "untrusted/101". */
    public static X509Certificate certificate(String name) {
        try (InputStream in = Files.newInputStream(certificateFile(name))) {
            return Pem.certificates(in).get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PrivateKey key(String name) {
        try (InputStream in = Files.newInputStream(keyFile(name))) {
            return Pem.privateKey(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CmsSigner signer(String name) {
        return new CmsSigner(key(name), certificate(name));
    }

    public static CmsSigner municipality(String code) {
        return signer("municipalities/" + code);
    }
}
