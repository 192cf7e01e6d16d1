package dk.sagsbro.completeness;

import dk.sagsbro.metadata.CaseMetadata;
import dk.sagsbro.metadata.CprNumbers;
import dk.sagsbro.metadata.RecordType;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies a {@link CompletenessPolicy} to a packet's metadata. It is structural: it checks that records of the
 * required types are present or that their absence is explained, never what the records say.
 */
public final class CompletenessCheck {
    private final CompletenessPolicy policy;

    public CompletenessCheck(CompletenessPolicy policy) {
        this.policy = policy;
    }

    public String policyVersion() {
        return policy.version();
    }

    /**
     * @return one problem per unmet requirement, per child where the rule applies per child; nothing when the fields
     *         the policy reads are missing, since schema validation reports those
     */
    public List<Problem> check(CaseMetadata metadata) {
        if (!readable(metadata)) {
            return List.of();
        }
        List<Problem> problems = new ArrayList<>();
        for (CompletenessPolicy.Rule rule : policy.rules()) {
            if (!rule.appliesTo(metadata)) {
                continue;
            }
            if (rule.perChild()) {
                for (int i = 0; i < metadata.children().size(); i++) {
                    String child = CprNumbers.digits(metadata.children().get(i).cpr()).orElse("");
                    if (!satisfied(rule, metadata, Optional.of(child))) {
                        problems.add(missing(rule, "/children/" + i, " for children[" + i + "]"));
                    }
                }
            } else if (!satisfied(rule, metadata, Optional.empty())) {
                problems.add(missing(rule, "/records", ""));
            }
        }
        return problems;
    }

    private static boolean readable(CaseMetadata m) {
        CaseMetadata.CaseStatus status = m.caseStatus();
        return m.kind() != null && m.urgent() != null && status != null && status.investigation() != null
                && status.measures() != null && status.placed() != null
                && m.children() != null && !m.children().isEmpty() && m.children().stream().allMatch(c -> c != null)
                && m.records() != null && m.records().stream().allMatch(r -> r != null && r.type() != null)
                && m.missingRecords() != null
                && m.missingRecords().stream().allMatch(r -> r != null && r.type() != null);
    }

    private static boolean satisfied(CompletenessPolicy.Rule rule, CaseMetadata metadata, Optional<String> child) {
        boolean included = metadata.records().stream().anyMatch(r -> rule.anyOf().contains(r.type())
                && concerns(r.childrenOrEmpty(), child));
        boolean explained = metadata.missingRecords().stream().anyMatch(m -> rule.anyOf().contains(m.type())
                && m.reason() != null && !m.reason().isBlank() && concerns(m.childrenOrEmpty(), child));
        return included || explained;
    }

    /** A record that names no children concerns them all. */
    private static boolean concerns(List<String> children, Optional<String> child) {
        return child.isEmpty() || children.isEmpty()
                || children.stream().map(CprNumbers::digits).anyMatch(d -> d.equals(child));
    }

    private static Problem missing(CompletenessPolicy.Rule rule, String pointer, String whom) {
        String types = rule.anyOf().stream().map(RecordType::name).collect(Collectors.joining(" or "));
        return Problem.ofField(ProblemType.RECORD_MISSING, pointer, "rule '" + rule.id() + "': a " + types
                + " record" + whom + " is required (" + rule.basis() + "); include it or add a missingRecords entry"
                + " with the reason");
    }
}
