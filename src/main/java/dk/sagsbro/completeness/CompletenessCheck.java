package dk.sagsbro.completeness;

import dk.sagsbro.metadata.CaseMetadata;
import dk.sagsbro.metadata.CprNumbers;
import dk.sagsbro.metadata.RecordType;
import dk.sagsbro.metadata.SubjectPseudonyms;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Applies a {@link CompletenessPolicy} to a packet's metadata. It is structural: it checks that records of the
 * required types are present or that their absence is explained, never what the records say.
 */
public final class CompletenessCheck {
    private static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");

    private final CompletenessPolicy policy;
    private final Clock clock;

    public CompletenessCheck(CompletenessPolicy policy) {
        this(policy, Clock.systemUTC());
    }

    /** @param clock decides who is a party: a child aged 10 or more today, in Danish time */
    public CompletenessCheck(CompletenessPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
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
        LocalDate today = LocalDate.now(clock.withZone(DANISH_TIME));
        boolean oneChild = metadata.children().size() == 1;
        for (CompletenessPolicy.Rule rule : policy.rules()) {
            if (!rule.appliesTo(metadata)) {
                continue;
            }
            if (rule.perChild()) {
                boolean named = rule.namedChildren() && !oneChild;
                for (int i = 0; i < metadata.children().size(); i++) {
                    String cpr = metadata.children().get(i).cpr();
                    Optional<String> child = Optional.of(CprNumbers.digits(cpr).orElse(""));
                    if (rule.partiesOnly() && !SubjectPseudonyms.isParty(cpr, today)) {
                        continue;
                    }
                    if (rule.ifRecord() != null && metadata.records().stream().noneMatch(r -> r.type()
                            == rule.ifRecord() && concerns(r.childrenOrEmpty(), child, false))) {
                        continue;
                    }
                    if (!satisfied(rule, metadata, child, named)) {
                        problems.add(missing(rule, "/children/" + i, " for children[" + i + "]"
                                + (named ? ", naming the child," : "")));
                    }
                }
            } else if (!satisfied(rule, metadata, Optional.empty(), false)) {
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

    private static boolean satisfied(CompletenessPolicy.Rule rule, CaseMetadata metadata, Optional<String> child,
            boolean named) {
        boolean included = metadata.records().stream().anyMatch(r -> rule.anyOf().contains(r.type())
                && concerns(r.childrenOrEmpty(), child, named));
        boolean explained = metadata.missingRecords().stream().anyMatch(m -> rule.anyOf().contains(m.type())
                && m.reason() != null && !m.reason().isBlank() && concerns(m.childrenOrEmpty(), child, named));
        return included || explained;
    }

    /** A record that names no children concerns them all, unless it must name the child it counts for. */
    private static boolean concerns(List<String> children, Optional<String> child, boolean named) {
        if (child.isEmpty()) {
            return true;
        }
        if (children.isEmpty()) {
            return !named;
        }
        return children.stream().map(CprNumbers::digits).anyMatch(d -> d.equals(child));
    }

    private static Problem missing(CompletenessPolicy.Rule rule, String pointer, String whom) {
        String types = rule.anyOf().stream().map(RecordType::name).collect(Collectors.joining(" or "));
        return Problem.ofField(ProblemType.RECORD_MISSING, pointer, "rule '" + rule.id() + "': a " + types
                + " record" + whom + " is required (" + rule.basis() + "); include it or add a missingRecords entry"
                + " with the reason");
    }
}
