package dk.sagsbro.cli;

import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.signature.Pem;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** A municipality's certificate and private key, from a PEM pair or a PKCS#12 file. */
public record Credentials(PrivateKey key, List<X509Certificate> chain) {

    public static Credentials fromPem(Path certificate, Path key) throws IOException {
        try (InputStream certificateIn = Files.newInputStream(certificate);
                InputStream keyIn = Files.newInputStream(key)) {
            return new Credentials(Pem.privateKey(keyIn), Pem.certificates(certificateIn));
        }
    }

    public static Credentials fromPkcs12(Path file, char[] password) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            try {
                store.load(in, password);
            } catch (IOException e) {
                // The JDK says only "keystore password was incorrect" or the like, without the file.
                throw new IOException("cannot open " + file + ": " + e.getMessage(), e);
            }
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    List<X509Certificate> chain = Arrays.stream(store.getCertificateChain(alias))
                            .map(X509Certificate.class::cast).toList();
                    return new Credentials(key, chain);
                }
            }
            throw new IOException("no private key in " + file);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public CmsSigner signer() {
        return new CmsSigner(key, chain.get(0));
    }
}
