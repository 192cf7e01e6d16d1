package dk.sagsbro.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.signature.CmsSignatureVerifier;
import dk.sagsbro.signature.SignatureCheck;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Checks an evidence bundle offline, as a court or an auditor would: the gateway's signature over the bundle, then
 * every receipt and acknowledgement inside it as signed by its own signer, each bound to the same transfer and packet
 * digest, and every audit entry's hash recomputed from its fields.
 */
public final class EvidenceVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CmsSignatureVerifier signatures;

    /** @param signatures trusts the authorities that issued the gateway's and the municipalities' certificates */
    public EvidenceVerifier(CmsSignatureVerifier signatures) {
        this.signatures = signatures;
    }

    /** What the bundle proves, or what is wrong with it. */
    public record Result(String transferId, String packetDigest, String gatewaySigner, int acknowledgements,
            int auditEntries, List<String> problems) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public Result verify(byte[] bundle) {
        List<String> problems = new ArrayList<>();
        SignatureCheck outer = signatures.verify(bundle, null, "evidence");
        if (!outer.valid() || outer.content() == null) {
            outer.problems().forEach(p -> problems.add("the bundle's signature: " + p.detail()));
            if (problems.isEmpty()) {
                problems.add("the bundle carries no signed content");
            }
            return new Result(null, null, null, 0, 0, problems);
        }
        JsonNode document;
        try {
            document = JSON.readTree(outer.content());
        } catch (IOException e) {
            return new Result(null, null, null, 0, 0, List.of("the signed content is not JSON"));
        }
        if (!EvidenceBundles.BUNDLE_TYPE.equals(document.path("type").asText())) {
            problems.add("not an evidence bundle (type " + document.path("type").asText() + ")");
        }
        String transferId = document.path("transfer").path("id").asText(null);
        String digest = document.path("transfer").path("packetDigest").asText(null);
        String gateway = outer.signer().getSubjectX500Principal().getName();

        checkStatement(document.path("submissionReceipt"), "the submission receipt", transferId, digest, true,
                problems);
        checkStatement(document.path("deliveryReceipt"), "the delivery receipt", transferId, digest, false,
                problems);
        int acknowledgements = 0;
        for (JsonNode acknowledgement : document.path("acknowledgements")) {
            acknowledgements++;
            checkStatement(acknowledgement.path("signed"), "the " + acknowledgement.path("kind").asText()
                    + " acknowledgement", transferId, digest, true, problems);
        }
        int entries = 0;
        for (JsonNode entry : document.path("audit").path("entries")) {
            entries++;
            if (entry.path("detailWithheld").asBoolean(false)) {
                continue; // its detail is not the caller's to see, so its hash cannot be recomputed here
            }
            AuditTrail.Record record = new AuditTrail.Record(Instant.parse(entry.path("at").asText()),
                    entry.path("actor").asText(null), entry.path("certificate").asText(null),
                    entry.path("action").asText(null), transferId == null ? null : UUID.fromString(transferId),
                    entry.path("detail").asText(null));
            String hash = AuditTrail.hash(entry.path("seq").asLong(), record, entry.path("previousHash").asText());
            if (!hash.equals(entry.path("hash").asText())) {
                problems.add("audit entry " + entry.path("seq").asLong() + " does not give its hash");
            }
        }
        return new Result(transferId, digest, gateway, acknowledgements, entries, problems);
    }

    private void checkStatement(JsonNode encoded, String what, String transferId, String digest, boolean required,
            List<String> problems) {
        if (encoded.isMissingNode() || encoded.isNull()) {
            if (required) {
                problems.add(what + " is missing");
            }
            return;
        }
        byte[] cms;
        try {
            cms = Base64.getDecoder().decode(encoded.asText());
        } catch (IllegalArgumentException e) {
            problems.add(what + " is not base64");
            return;
        }
        SignatureCheck check = signatures.verify(cms, null, what);
        if (!check.valid() || check.content() == null) {
            check.problems().forEach(p -> problems.add(what + ": " + p.detail()));
            return;
        }
        try {
            JsonNode statement = JSON.readTree(check.content());
            if (!statement.path("transferId").asText("").equals(transferId)) {
                problems.add(what + " is for transfer " + statement.path("transferId").asText() + ", not "
                        + transferId);
            }
            if (!statement.path("packetDigest").asText("").equalsIgnoreCase(digest)) {
                problems.add(what + " names another packet digest");
            }
        } catch (IOException e) {
            problems.add(what + " does not carry a JSON statement");
        }
    }
}
