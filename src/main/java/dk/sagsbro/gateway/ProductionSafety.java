package dk.sagsbro.gateway;

import java.util.ArrayList;
import java.util.List;

/**
 * What in the configuration is example material: trust anchors, the gateway's key and certificate, or operator
 * accounts from certs-example, revocation off, or a payload or pseudonym key generated beside the data it protects. In production
 * the gateway refuses to start on any of it; the embedded default runs on it and says so.
 */
public final class ProductionSafety {
    static final String EXAMPLE_DIRECTORY = "certs-example/";

    private ProductionSafety() {
    }

    /** The settings that decide; locations as configured. */
    public record Settings(String trustAnchors, String signingCertificate, String signingKey,
            String consoleAuthentication, String operatorsFile, String revocationMode, boolean payloadKeySet,
            boolean pseudonymKeySet) {
    }

    /** @return one line per setting that is example material, saying what to set instead */
    public static List<String> exampleMaterial(Settings settings) {
        List<String> found = new ArrayList<>();
        if (isExample(settings.trustAnchors())) {
            found.add("sagsbro.trust-anchors (SAGSBRO_TRUST_ANCHORS) is the example CA: set the PEM file of the "
                    + "certificate authorities you trust (OCES3)");
        }
        if (isExample(settings.signingCertificate()) || isExample(settings.signingKey())) {
            found.add("sagsbro.signing-certificate and sagsbro.signing-key (SAGSBRO_SIGNING_CERTIFICATE, "
                    + "SAGSBRO_SIGNING_KEY) are the example gateway's: set the gateway's own certificate and key");
        }
        if ("form".equals(settings.consoleAuthentication()) && isExample(settings.operatorsFile())) {
            found.add("sagsbro.console.operators-file (SAGSBRO_CONSOLE_OPERATORS_FILE) holds the example operator "
                    + "account: set your own accounts file, or sagsbro.console.authentication=code (OpenID Connect)");
        }
        if ("off".equalsIgnoreCase(settings.revocationMode())) {
            found.add("sagsbro.revocation.mode (SAGSBRO_REVOCATION_MODE) is off: set hard (or soft) and "
                    + "sagsbro.revocation.crls");
        }
        if (!settings.payloadKeySet()) {
            found.add("sagsbro.payload-key (SAGSBRO_PAYLOAD_KEY) is not set, so the key would be generated beside the "
                    + "data it encrypts: set 32 random bytes in base64 from your secret store");
        }
        if (!settings.pseudonymKeySet()) {
            found.add("sagsbro.pseudonym-key (SAGSBRO_PSEUDONYM_KEY) is not set, so the key of the CPR pseudonyms "
                    + "would be generated beside them: set 32 random bytes in base64 from your secret store");
        }
        return List.copyOf(found);
    }

    static boolean isExample(String location) {
        return location != null && location.replace('\\', '/').contains(EXAMPLE_DIRECTORY);
    }
}
