package dk.sagsbro.acknowledgement;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dk.sagsbro.packet.DigestAlgorithm;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.registry.MunicipalityIdentities;
import dk.sagsbro.signature.CmsSignatureVerifier;
import dk.sagsbro.signature.SignatureCheck;
import dk.sagsbro.transfer.Transfer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

/**
 * Checks a signed acknowledgement (a CMS SignedData with the JSON statement inside, as
 * {@code openssl cms -sign -nodetach -binary -outform DER} makes it) against the transfer it is posted to: a valid
 * signature by the receiving municipality, the same transfer id and packet digest, and a reason for a rejection.
 * Whether it fits the transfer's state is decided when it is recorded.
 */
public final class AcknowledgementVerifier {
    static final String ENTRY = "acknowledgement";
    /** The longest rejection reason stored; a longer one is refused before anything is written. */
    public static final int MAX_REASON_TEXT = 1000;
    private static final java.util.regex.Pattern CANONICAL_UUID =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}");
    /**
     * One reading only: a key twice, a second value after the first, an unknown field, a number for an enum or a
     * string for a number would let two parsers take different statements from the same signed bytes.
     */
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private final CmsSignatureVerifier signatures;
    /** Asked on each use: the registry behind it can be reloaded. */
    private final Supplier<MunicipalityIdentities> identities;
    private final Municipalities municipalities;

    /** A verified acknowledgement: what it says, and the SHA-256 of the signed bytes (to recognise a replay). */
    public record Verified(AcknowledgementStatement statement, String signer, String signedDigest) {
    }

    /** The acknowledgement is refused; {@code type} says why and {@code problems} lists every detail. */
    public static final class RefusedException extends RuntimeException {
        private final transient ProblemType type;
        private final transient List<Problem> problems;

        public RefusedException(ProblemType type, List<Problem> problems) {
            super(problems.get(0).detail(), null, false, false);
            this.type = type;
            this.problems = List.copyOf(problems);
        }

        public ProblemType type() {
            return type;
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    public AcknowledgementVerifier(CmsSignatureVerifier signatures, Supplier<MunicipalityIdentities> identities,
            Municipalities municipalities) {
        this.signatures = signatures;
        this.identities = identities;
        this.municipalities = municipalities;
    }

    public Verified verify(byte[] signed, Transfer transfer) {
        SignatureCheck signature = signatures.verify(signed, null, ENTRY);
        if (!signature.valid()) {
            throw new RefusedException(ProblemType.ACKNOWLEDGEMENT_INVALID, signature.problems());
        }
        String signer = identities.get().municipalityOf(signature.signer()).orElse(null);
        if (!transfer.receiver().equals(signer)) {
            throw refused(ProblemType.SIGNER_NOT_RECEIVER, null, "signed by " + (signer == null
                    ? "a certificate of no known municipality" : "municipality " + signer) + "; the receiver is "
                    + transfer.receiver());
        }
        AcknowledgementStatement statement = parse(signature.content());
        List<Problem> problems = new ArrayList<>();
        if (statement.transferId() == null || statement.packetDigest() == null || statement.kind() == null) {
            problems.add(Problem.ofEntry(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY,
                    "transferId, packetDigest and kind are required"));
        }
        if (statement.packetDigest() != null && !statement.packetDigest().matches("[0-9a-fA-F]{64}")) {
            problems.add(new Problem(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY, "/packetDigest",
                    "packetDigest must be the packet's SHA-256 as 64 hexadecimal digits"));
        }
        if (statement.reasonText() != null && statement.reasonText().length() > MAX_REASON_TEXT) {
            problems.add(new Problem(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY, "/reasonText",
                    "reasonText is longer than " + MAX_REASON_TEXT + " characters"));
        }
        if (statement.rightMunicipality() != null && statement.rightMunicipality().length() > 4) {
            problems.add(new Problem(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY, "/rightMunicipality",
                    "rightMunicipality must be a municipality code"));
            statement = new AcknowledgementStatement(statement.transferId(), statement.packetDigest(),
                    statement.kind(), statement.reasonCode(), statement.reasonText(), null);
        }
        if (statement.kind() == AcknowledgementKind.REJECTED) {
            if (statement.reasonCode() == null || statement.reasonText() == null || statement.reasonText().isBlank()) {
                problems.add(Problem.ofEntry(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY,
                        "a rejection needs a reasonCode and a reasonText"));
            }
        } else if (statement.reasonCode() != null || statement.rightMunicipality() != null) {
            problems.add(Problem.ofEntry(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY,
                    "reasonCode and rightMunicipality belong to a rejection only"));
        }
        // The signed statement is stored as it is, and the gateway stores no CPR number: refuse rather than keep one.
        if (dk.sagsbro.metadata.CprNumbers.containsCprLike(statement.reasonText())) {
            problems.add(Problem.ofEntry(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY,
                    "reasonText must not contain a CPR number; describe the reason without personal data"));
        }
        if (statement.rightMunicipality() != null) {
            var right = municipalities.normalise(statement.rightMunicipality());
            if (statement.reasonCode() == null || !statement.reasonCode().mayNameRightMunicipality()
                    || right.isEmpty() || right.get().equals(transfer.receiver())
                    || right.get().equals(transfer.sender())) {
                problems.add(Problem.ofEntry(ProblemType.ACKNOWLEDGEMENT_INVALID, ENTRY, "rightMunicipality must be"
                        + " one of the 98 municipalities other than the sender and the receiver, with reasonCode "
                        + "WRONG_MUNICIPALITY or NOT_RESIDENT (the family has moved on)"));
            } else {
                statement = new AcknowledgementStatement(statement.transferId(), statement.packetDigest(),
                        statement.kind(), statement.reasonCode(), statement.reasonText(), right.get());
            }
        }
        if (!problems.isEmpty()) {
            throw new RefusedException(ProblemType.ACKNOWLEDGEMENT_INVALID, problems);
        }
        if (!statement.transferId().equals(transfer.id())) {
            throw refused(ProblemType.ACKNOWLEDGEMENT_WRONG_TRANSFER, "/transferId",
                    "the statement is for transfer " + statement.transferId());
        }
        if (!statement.packetDigest().equalsIgnoreCase(transfer.packetDigest())) {
            throw refused(ProblemType.ACKNOWLEDGEMENT_DIGEST_MISMATCH, "/packetDigest",
                    "the gateway reported " + transfer.packetDigest() + " for this transfer");
        }
        return new Verified(statement, signer,
                HexFormat.of().formatHex(DigestAlgorithm.SHA256.newDigest().digest(signed)));
    }

    /** The signed bytes as a statement: strict UTF-8 without a byte order mark, then strict JSON. */
    static AcknowledgementStatement parse(byte[] content) {
        String json;
        try {
            json = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(content)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw refused(ProblemType.ACKNOWLEDGEMENT_INVALID, "", "the signed statement is not UTF-8");
        }
        if (json.startsWith("\uFEFF")) {
            throw refused(ProblemType.ACKNOWLEDGEMENT_INVALID, "", "the signed statement starts with a byte order "
                    + "mark");
        }
        try {
            com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
            if (tree == null || !tree.isObject()) {
                throw refused(ProblemType.ACKNOWLEDGEMENT_INVALID, "", "the signed statement is not a JSON object");
            }
            for (var field : (Iterable<java.util.Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>>)
                    tree::fields) {
                if (!field.getValue().isTextual() && !field.getValue().isNull()) {
                    throw refused(ProblemType.ACKNOWLEDGEMENT_INVALID, "/" + field.getKey(),
                            "every field of the statement is a string");
                }
            }
            var transferId = tree.get("transferId");
            if (transferId != null && transferId.isTextual() && !CANONICAL_UUID.matcher(transferId.asText()).matches()) {
                throw refused(ProblemType.ACKNOWLEDGEMENT_INVALID, "/transferId",
                        "transferId must be a UUID in its 36-character form");
            }
            return MAPPER.treeToValue(tree, AcknowledgementStatement.class);
        } catch (IOException e) {
            throw refused(ProblemType.ACKNOWLEDGEMENT_INVALID, "", "the signed content is not one acknowledgement "
                    + "statement (a JSON object with transferId, packetDigest, kind; no key twice, no unknown "
                    + "field, nothing after it)");
        }
    }

    private static RefusedException refused(ProblemType type, String pointer, String detail) {
        return new RefusedException(type, List.of(new Problem(type, ENTRY, pointer, detail)));
    }
}
