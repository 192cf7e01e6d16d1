package dk.sagsbro.signature;

import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.Store;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * Makes CMS SignedData as CAdES baseline B: SHA-256, with the content-type, message-digest, signing-time and
 * signing-certificate-v2 attributes, and the signer's certificate included.
 */
public final class CmsSigner {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final PublicKeyVerifiers verifiers = new PublicKeyVerifiers();
    // The same for every signature, made once (each was rebuilt per receipt): the certificate in Bouncy Castle's
    // form, the certificates included, the signing-certificate-v2 attribute and the digest provider.
    private final String algorithm;
    private final X509CertificateHolder certificateHolder;
    private final Store<X509CertificateHolder> included;
    private final AttributeTable signingCertificateV2;
    private final DigestCalculatorProvider digests;

    public CmsSigner(PrivateKey key, X509Certificate certificate) {
        this(key, certificate, List.of());
    }

    /** A signer whose signatures also carry the intermediate certificates between it and its root. */
    public CmsSigner(PrivateKey key, X509Certificate certificate, List<X509Certificate> intermediates) {
        this.key = bouncyCastleKey(key);
        this.certificate = certificate;
        this.algorithm = this.key instanceof ECKey ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            this.certificateHolder = new JcaX509CertificateHolder(certificate);
            List<X509Certificate> all = new java.util.ArrayList<>(List.of(certificate));
            all.addAll(intermediates);
            this.included = new JcaCertStore(all);
            this.signingCertificateV2 = signingCertificateV2(certificate);
            // the JDK's SHA-256 (the CPU's SHA instructions) for the content's digest; Bouncy Castle signs
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (CertificateEncodingException | OperatorCreationException e) {
            throw new IllegalArgumentException("the signer's certificate cannot be encoded", e);
        }
    }

    /**
     * The key as Bouncy Castle's own object, whose curve, and with it the base point's precomputed multiples, is
     * shared: with the JDK's key object every signature rebuilt the curve and computed the table anew. A key that
     * cannot be exported (a hardware token) is used as it is.
     */
    private static PrivateKey bouncyCastleKey(PrivateKey key) {
        if (key.getEncoded() == null || !"PKCS#8".equals(key.getFormat())) {
            return key;
        }
        try {
            return KeyFactory.getInstance(key.getAlgorithm(), BC).generatePrivate(new PKCS8EncodedKeySpec(
                    key.getEncoded()));
        } catch (GeneralSecurityException e) {
            return key;
        }
    }

    /** The certificate the gateway's signatures carry and can be checked against. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The content of an encapsulated signature this signer's certificate made, or empty when the signature is not
     * well formed, has other than exactly one signer, or was not made with this certificate's key over this content.
     */
    public Optional<byte[]> contentSignedByMe(byte[] cms) {
        try {
            CMSSignedData signed = new CMSSignedData(cms);
            if (signed.getSignerInfos().size() != 1 || signed.getSignedContent() == null) {
                return Optional.empty();
            }
            SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
            boolean valid = signer.verify(verifiers.verifierFor(certificate));
            return valid ? Optional.of((byte[]) signed.getSignedContent().getContent()) : Optional.empty();
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A detached signature over {@code content} (the ASiC-E case: it signs the manifest). */
    public byte[] signDetached(byte[] content) {
        return sign(content, false);
    }

    /** A signature that carries {@code content} inside it (receipts and acknowledgements). */
    public byte[] signEncapsulated(byte[] content) {
        return sign(content, true);
    }

    private byte[] sign(byte[] content, boolean encapsulate) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            // The content signer holds the running signature: one per call, never shared between threads.
            generator.addSignerInfoGenerator(new SignerInfoGeneratorBuilder(digests)
                    .setSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(signingCertificateV2))
                    .build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(key), certificateHolder));
            generator.addCertificates(included);
            return generator.generate(new CMSProcessableByteArray(content), encapsulate).getEncoded();
        } catch (CMSException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("cannot make a CMS signature", e);
        }
    }

    private static AttributeTable signingCertificateV2(X509Certificate certificate)
            throws CertificateEncodingException {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            SigningCertificateV2 value = new SigningCertificateV2(new ESSCertIDv2(hash));
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(value)));
            return new AttributeTable(attributes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
