package dk.sagsbro.support;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * A throw-away CA made at test time, for what the example PKI cannot do because its CA key is not kept: revocation
 * lists. Its certificates name municipalities by CVR as the example ones do (NTRDK-99000 + code).
 */
public final class TestPki {
    private final KeyPair caKeys;
    private final X509Certificate ca;

    /** A certificate and its key. */
    public record Issued(X509Certificate certificate, KeyPair keys) {
    }

    public TestPki(String name) {
        try {
            caKeys = ecKeys();
            X500Name subject = new X500Name("C=DK,O=Sagsbro Test,CN=" + name);
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    caKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            ca = sign(builder, caKeys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    /** A municipality's system certificate, valid from yesterday for a year. */
    public Issued municipality(String code, String name) {
        try {
            KeyPair keys = ecKeys();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "DK")
                    .addRDN(BCStyle.O, name + " Kommune").addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "NTRDK-99000" + code)
                    .addRDN(BCStyle.CN, "Sagsbro test system " + code).build();
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca, serial(),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(365))), subject,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                            | KeyUsage.nonRepudiation | KeyUsage.keyAgreement))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                            KeyPurposeId.id_kp_clientAuth, KeyPurposeId.id_kp_emailProtection}));
            return new Issued(sign(builder, caKeys), keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A certificate issued by this PKI's CA (or by {@code issuer}, when given) with the extensions given. */
    public Issued issue(Issued issuer, String commonName, String code, boolean isCa, int keyUsage,
            KeyPurposeId[] extendedKeyUsage, Instant notBefore, Instant notAfter) {
        try {
            KeyPair keys = ecKeys();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "DK")
                    .addRDN(BCStyle.O, "Test " + commonName).addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "NTRDK-99000"
                            + code).addRDN(BCStyle.CN, commonName).build();
            X509Certificate issuerCertificate = issuer == null ? ca : issuer.certificate();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerCertificate, serial(),
                    Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
            if (extendedKeyUsage != null) {
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(extendedKeyUsage));
            }
            return new Issued(sign(builder, issuer == null ? caKeys : issuer.keys()), keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL issued at {@code thisUpdate}, next due at {@code nextUpdate}, revoking {@code revoked} an hour before. */
    public X509CRL crl(Instant thisUpdate, Instant nextUpdate, List<X509Certificate> revoked) {
        return crlSignedBy(caKeys, thisUpdate, nextUpdate, revoked);
    }

    /** The same, but signed by a key that is not the CA's: no one should believe it. */
    public X509CRL forgedCrl(Instant thisUpdate, Instant nextUpdate, List<X509Certificate> revoked) {
        try {
            return crlSignedBy(ecKeys(), thisUpdate, nextUpdate, revoked);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private X509CRL crlSignedBy(KeyPair keys, Instant thisUpdate, Instant nextUpdate, List<X509Certificate> revoked) {
        try {
            X509v2CRLBuilder builder = new X509v2CRLBuilder(X500Name.getInstance(
                    ca.getSubjectX500Principal().getEncoded()), Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(nextUpdate));
            for (X509Certificate certificate : revoked) {
                builder.addCRLEntry(certificate.getSerialNumber(), Date.from(thisUpdate.minus(Duration.ofHours(1))),
                        CRLReason.keyCompromise);
            }
            return new JcaX509CRLConverter().getCRL(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(Object... objects) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom()).add(BigInteger.ONE);
    }
}
