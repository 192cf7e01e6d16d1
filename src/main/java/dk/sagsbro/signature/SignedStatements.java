package dk.sagsbro.signature;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The gateway's signed statements (submission and delivery receipts, evidence bundles): a JSON document inside a CMS
 * signature that carries it, so that {@code openssl cms -verify} both checks it and prints it.
 */
public final class SignedStatements {
    private static final ObjectMapper JSON = new ObjectMapper();

    private SignedStatements() {
    }

    /** @param statement a map or a Jackson tree of plain values */
    public static byte[] sign(CmsSigner signer, Object statement) {
        try {
            return signer.signEncapsulated(JSON.writeValueAsBytes(statement));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a signed statement", e);
        }
    }
}
