package dk.sagsbro.registry;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells which municipality a certificate speaks for. OCES3 organisation and system certificates name their
 * organisation by CVR number in the subject's organizationIdentifier ({@code NTRDK-12345678}); OCES2 certificates
 * did so in serialNumber ({@code CVR:12345678-...}). A configured table maps each municipality's CVR to its code,
 * so a renewed certificate needs no configuration change.
 */
public final class MunicipalityIdentities {
    private static final ASN1ObjectIdentifier ORGANIZATION_IDENTIFIER = new ASN1ObjectIdentifier("2.5.4.97");
    private static final Pattern OCES3_CVR = Pattern.compile("NTRDK-(\\d{8})");
    private static final Pattern OCES2_CVR = Pattern.compile("CVR:(\\d{8})(-.*)?");

    private final Map<String, String> codeByCvr;

    public MunicipalityIdentities(Map<String, String> codeByCvr) {
        this.codeByCvr = Map.copyOf(codeByCvr);
    }

    /** Reads lines of {@code code,cvr} (a header line is allowed); every code must be a municipality. */
    public static MunicipalityIdentities read(InputStream csv, Municipalities municipalities) throws IOException {
        Map<String, String> codeByCvr = new HashMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            lineNumber++;
            String trimmed = line.trim();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("code")) {
                continue;
            }
            String[] columns = trimmed.split(",");
            String code = columns.length == 2 ? municipalities.normalise(columns[0].trim()).orElse(null) : null;
            if (code == null || !columns[1].trim().matches("\\d{8}")) {
                throw new IOException("line " + lineNumber + ": expected 'code,cvr' with a municipality code and "
                        + "an eight-digit CVR number");
            }
            codeByCvr.put(columns[1].trim(), code);
        }
        return new MunicipalityIdentities(codeByCvr);
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
