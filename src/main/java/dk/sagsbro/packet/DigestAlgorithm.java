package dk.sagsbro.packet;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** Digest algorithms a manifest may name. SHA-1 and MD5 are recognised only so they can be refused by name. */
public enum DigestAlgorithm {
    SHA256("SHA-256", "http://www.w3.org/2001/04/xmlenc#sha256", true),
    SHA384("SHA-384", "http://www.w3.org/2001/04/xmldsig-more#sha384", true),
    SHA512("SHA-512", "http://www.w3.org/2001/04/xmlenc#sha512", true),
    SHA1("SHA-1", "http://www.w3.org/2000/09/xmldsig#sha1", false),
    MD5("MD5", "http://www.w3.org/2001/04/xmldsig-more#md5", false);

    private final String jcaName;
    private final String uri;
    private final boolean strong;

    DigestAlgorithm(String jcaName, String uri, boolean strong) {
        this.jcaName = jcaName;
        this.uri = uri;
        this.strong = strong;
    }

    public String jcaName() {
        return jcaName;
    }

    public String uri() {
        return uri;
    }

    public boolean strong() {
        return strong;
    }

    public static Optional<DigestAlgorithm> fromUri(String uri) {
        return Arrays.stream(values()).filter(a -> a.uri.equals(uri)).findFirst();
    }

    /** A fresh digest from the JDK's own provider, which uses the CPU's SHA instructions. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(jcaName + " is missing from the JDK", e);
        }
    }
}
