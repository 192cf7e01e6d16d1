package dk.sagsbro.completeness;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dk.sagsbro.metadata.CaseMetadata;
import dk.sagsbro.metadata.Investigation;
import dk.sagsbro.metadata.RecordType;
import dk.sagsbro.metadata.TransferKind;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * Which record types a packet must include (or explain the absence of), given its kind and case status. Read from a
 * versioned JSON file (docs/packet-format.md describes it); the version is stored with every transfer it was applied
 * to.
 */
public record CompletenessPolicy(String version, List<Rule> rules) {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public CompletenessPolicy {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("a completeness policy needs a version");
        }
        rules = List.copyOf(rules);
    }

    /**
     * One requirement. It applies to packets of the given {@code kinds} whose case status matches at least one of the
     * {@code when} alternatives (each a set of conditions that must all hold; no alternatives means always). It is
     * satisfied by a record of any of the {@code anyOf} types, or by a stated reason for one of them; when
     * {@code perChild} holds, for each child separately. Per child, {@code namedChildren} makes a record count only
     * for the children it names (in a packet with one child, a record that names nobody names that child);
     * {@code partiesOnly} applies the rule only to children aged 10 or more, who are parties to their case; and
     * {@code ifRecord} applies it only to children that a record of that type concerns.
     */
    public record Rule(String id, Set<TransferKind> kinds, List<Condition> when, List<RecordType> anyOf,
            boolean perChild, boolean namedChildren, boolean partiesOnly, RecordType ifRecord, String basis) {

        public Rule {
            if (id == null || kinds == null || kinds.isEmpty() || anyOf == null || anyOf.isEmpty()) {
                throw new IllegalArgumentException("a rule needs an id, kinds and anyOf");
            }
            when = when == null ? List.of() : List.copyOf(when);
            if ((namedChildren || partiesOnly || ifRecord != null) && !perChild) {
                throw new IllegalArgumentException("rule " + id + ": namedChildren, partiesOnly and ifRecord apply "
                        + "per child");
            }
        }

        boolean appliesTo(CaseMetadata metadata) {
            return kinds.contains(metadata.kind()) && (when.isEmpty() || when.stream().anyMatch(c -> c.holds(metadata)));
        }
    }

    /** Conditions on the case status; an absent field is not checked. */
    public record Condition(Set<Investigation> investigation, Boolean measures, Boolean placed,
            Boolean urgent) {

        boolean holds(CaseMetadata metadata) {
            CaseMetadata.CaseStatus status = metadata.caseStatus();
            return (investigation == null || investigation.contains(status.investigation()))
                    && (measures == null || measures.equals(status.measures()))
                    && (placed == null || placed.equals(status.placed()))
                    && (urgent == null || urgent.equals(metadata.urgent()));
        }
    }

    public static CompletenessPolicy read(InputStream json) throws IOException {
        return MAPPER.readValue(json, CompletenessPolicy.class);
    }

    /** The policy that ships with the gateway (resource {@code completeness/default-policy.json}). */
    public static CompletenessPolicy builtIn() {
        try (InputStream in = CompletenessPolicy.class.getResourceAsStream("/completeness/default-policy.json")) {
            return read(in);
        } catch (IOException e) {
            throw new IllegalStateException("the built-in completeness policy cannot be read", e);
        }
    }
}
