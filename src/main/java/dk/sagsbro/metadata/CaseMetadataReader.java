package dk.sagsbro.metadata;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.registry.Municipalities;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Path;
import jakarta.validation.Validator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads case.json and checks it: schema (types, required fields, sizes), CPR dates, municipality codes, and that
 * every record points at a document in the container and at children of the packet. It reports every problem it
 * can find; no problem detail repeats a value from the file, since values may be CPR numbers.
 */
public final class CaseMetadataReader {
    public static final String ENTRY = "case.json";
    public static final String DOCUMENTS_FOLDER = "documents/";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Validator validator;
    private final Municipalities municipalities;

    /** The outcome: the metadata with normalised codes (null when unreadable), and the problems found. */
    public record Result(CaseMetadata metadata, List<Problem> problems) {
    }

    public CaseMetadataReader(Validator validator, Municipalities municipalities) {
        this.validator = validator;
        this.municipalities = municipalities;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * @param json              the bytes of case.json
     * @param isPacketDocument  whether a path names a data object of the container
     */
    public Result read(byte[] json, Predicate<String> isPacketDocument) {
        CaseMetadata metadata;
        try {
            metadata = MAPPER.readValue(json, CaseMetadata.class);
        } catch (JsonMappingException e) {
            return new Result(null, List.of(Problem.ofField(ProblemType.METADATA_INVALID, pointer(e), describe(e))));
        } catch (JsonProcessingException e) {
            return new Result(null, List.of(Problem.ofField(ProblemType.METADATA_INVALID, "",
                    "not valid JSON (line " + e.getLocation().getLineNr() + ")")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (metadata == null) {
            return new Result(null, List.of(Problem.ofField(ProblemType.METADATA_INVALID, "", "empty document")));
        }
        List<Problem> problems = new ArrayList<>(schemaProblems(metadata));
        String sender = checkMunicipality(metadata.sender(), "/sender", problems);
        String receiver = checkMunicipality(metadata.receiver(), "/receiver", problems);
        if (sender != null && sender.equals(receiver)) {
            problems.add(Problem.ofField(ProblemType.SENDER_IS_RECEIVER, "/receiver",
                    "the receiver must be another municipality than the sender"));
        }
        if (metadata.kind() == TransferKind.SUPPLEMENT && metadata.supplementTo() == null) {
            problems.add(Problem.ofField(ProblemType.METADATA_INVALID, "/supplementTo",
                    "a SUPPLEMENT must name the transfer it adds to"));
        }
        if (metadata.kind() != null && metadata.kind() != TransferKind.SUPPLEMENT && metadata.supplementTo() != null) {
            problems.add(Problem.ofField(ProblemType.METADATA_INVALID, "/supplementTo",
                    "only a SUPPLEMENT adds to another transfer"));
        }
        checkRecords(metadata, isPacketDocument, problems);
        return new Result(metadata.normalised(sender, receiver), List.copyOf(problems));
    }

    private String checkMunicipality(String code, String pointer, List<Problem> problems) {
        if (code == null) {
            return null;
        }
        var normalised = municipalities.normalise(code);
        if (normalised.isEmpty()) {
            problems.add(Problem.ofField(ProblemType.MUNICIPALITY_UNKNOWN, pointer,
                    "'" + code + "' is not one of the 98 municipality codes"));
        }
        return normalised.orElse(null);
    }

    private void checkRecords(CaseMetadata metadata, Predicate<String> isPacketDocument, List<Problem> problems) {
        Set<String> children = new LinkedHashSet<>();
        if (metadata.children() != null) {
            metadata.children().stream().filter(c -> c != null && c.cpr() != null)
                    .forEach(c -> CprNumbers.digits(c.cpr()).ifPresent(children::add));
        }
        List<CaseMetadata.CaseRecord> records = metadata.records() == null ? List.of() : metadata.records();
        Set<String> paths = new java.util.HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            CaseMetadata.CaseRecord record = records.get(i);
            if (record == null || record.path() == null) {
                continue;
            }
            String pointer = "/records/" + i;
            if (!record.path().startsWith(DOCUMENTS_FOLDER) || !isPacketDocument.test(record.path())) {
                problems.add(Problem.ofField(ProblemType.RECORD_DOCUMENT_MISSING, pointer + "/path",
                        "'" + record.path() + "' is not a document listed in the container's manifest"));
            } else if (!paths.add(record.path())) {
                problems.add(Problem.ofField(ProblemType.METADATA_INVALID, pointer + "/path",
                        "another record already describes '" + record.path() + "'"));
            }
            checkChildReferences(record.childrenOrEmpty(), children, pointer, problems);
        }
        List<CaseMetadata.MissingRecord> missing = metadata.missingRecords() == null ? List.of()
                : metadata.missingRecords();
        for (int i = 0; i < missing.size(); i++) {
            if (missing.get(i) != null) {
                checkChildReferences(missing.get(i).childrenOrEmpty(), children, "/missingRecords/" + i, problems);
            }
        }
    }

    private static void checkChildReferences(List<String> references, Set<String> children, String pointer,
            List<Problem> problems) {
        for (int j = 0; j < references.size(); j++) {
            var digits = CprNumbers.digits(references.get(j));
            if (digits.isPresent() && !children.contains(digits.get())) {
                problems.add(Problem.ofField(ProblemType.METADATA_INVALID, pointer + "/children/" + j,
                        "not one of the packet's children"));
            }
        }
    }

    private List<Problem> schemaProblems(CaseMetadata metadata) {
        Set<String> seen = new LinkedHashSet<>();
        List<Problem> problems = new ArrayList<>();
        validator.validate(metadata).stream()
                .sorted(Comparator.comparing((ConstraintViolation<CaseMetadata> v) -> v.getPropertyPath().toString()))
                .forEach(violation -> {
                    String pointer = pointer(violation.getPropertyPath());
                    ProblemType type = violation.getConstraintDescriptor().getAnnotation() instanceof ValidCpr
                            ? ProblemType.CPR_INVALID : ProblemType.METADATA_INVALID;
                    if (seen.add(pointer + "|" + violation.getMessage())) {
                        problems.add(Problem.ofField(type, pointer, violation.getMessage()));
                    }
                });
        return problems;
    }

    static String pointer(Path path) {
        StringBuilder pointer = new StringBuilder();
        for (Path.Node node : path) {
            // A node inside a list carries the list index; the index comes before the node's own name.
            if (node.isInIterable() && node.getIndex() != null) {
                pointer.append('/').append(node.getIndex());
            }
            if (node.getName() != null && !node.getName().startsWith("<")) {
                pointer.append('/').append(node.getName());
            }
        }
        return pointer.toString();
    }

    private static String pointer(JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName()
                    : String.valueOf(reference.getIndex()));
        }
        return pointer.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown property '" + unknown.getPropertyName() + "'";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException mismatch
                && mismatch.getTargetType() != null) {
            Class<?> target = mismatch.getTargetType();
            String expected = target.isEnum() ? "one of " + java.util.Arrays.toString(target.getEnumConstants())
                    : target == java.time.LocalDate.class ? "a date as YYYY-MM-DD"
                    : target == java.util.UUID.class ? "a UUID" : "a value of type " + target.getSimpleName();
            return "wrong type or format; expected " + expected;
        }
        return "cannot be read";
    }
}
