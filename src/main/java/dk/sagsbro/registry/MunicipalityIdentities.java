package dk.sagsbro.registry;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which municipality a certificate speaks for. OCES3 organisation and system certificates name their
 * organisation by CVR number in the subject's organizationIdentifier ({@code NTRDK-12345678}); OCES2 certificates
 * did so in serialNumber ({@code CVR:12345678-...}). A configured table maps each municipality's CVR to its code,
 * so a renewed certificate needs no configuration change. The table comes from the {@link MunicipalityRegistry}.
 */
public final class MunicipalityIdentities {
    private static final ASN1ObjectIdentifier ORGANIZATION_IDENTIFIER = new ASN1ObjectIdentifier("2.5.4.97");
    private static final Pattern OCES3_CVR = Pattern.compile("NTRDK-(\\d{8})");
    private static final Pattern OCES2_CVR = Pattern.compile("CVR:(\\d{8})(-.*)?");

    private final Map<String, String> codeByCvr;

    public MunicipalityIdentities(Map<String, String> codeByCvr) {
        this.codeByCvr = Map.copyOf(codeByCvr);
    }

    public Optional<String> municipalityOf(X509Certificate certificate) {
        return cvrOf(certificate).map(codeByCvr::get);
    }

    public static Optional<String> cvrOf(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        Optional<String> oces3 = attribute(subject, ORGANIZATION_IDENTIFIER, OCES3_CVR);
        return oces3.isPresent() ? oces3 : attribute(subject, BCStyle.SERIALNUMBER, OCES2_CVR);
    }

    private static Optional<String> attribute(X500Name name, ASN1ObjectIdentifier type, Pattern pattern) {
        for (RDN rdn : name.getRDNs(type)) {
            Matcher matcher = pattern.matcher(IETFUtils.valueToString(rdn.getFirst().getValue()));
            if (matcher.matches()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }
}
