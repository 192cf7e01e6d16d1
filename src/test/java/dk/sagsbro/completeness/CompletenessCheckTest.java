package dk.sagsbro.completeness;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.metadata.CaseMetadata;
import dk.sagsbro.metadata.CaseMetadataReader;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.support.TestPackets;
import jakarta.validation.Validation;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The default policy, rule by rule. */
class CompletenessCheckTest {
    /** CHILD_1 (born 1 January 2015) is 11, a party; CHILD_2 (born 2 March 2018) is 8. */
    static final Clock DECEMBER_2026 = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);
    final CompletenessCheck check = new CompletenessCheck(CompletenessPolicy.builtIn(), DECEMBER_2026);
    final CaseMetadataReader reader = new CaseMetadataReader(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator(),
            Municipalities.builtIn());

    List<Problem> problemsOf(ObjectNode caseJson) {
        CaseMetadataReader.Result read = reader.read(TestPackets.json(caseJson), path -> true);
        assertThat(read.problems()).isEmpty();
        return check.check(read.metadata());
    }

    static void removeRecords(ObjectNode caseJson, String type) {
        TestPackets.removeRecords(caseJson, type);
    }

    static List<String> rules(List<Problem> problems) {
        assertThat(problems).allMatch(p -> p.type() == ProblemType.RECORD_MISSING);
        return problems.stream().map(p -> p.detail().split("'")[1]).toList();
    }

    @Test
    void aCompleteHandoverNeedsNothingMore() {
        assertThat(problemsOf(TestPackets.handover("101", "165"))).isEmpty();
    }

    @Test
    void aHandoverAlwaysNeedsTheNotificationTheSummaryAndSupporterInformation() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        removeRecords(caseJson, "NOTIFICATION");
        removeRecords(caseJson, "ASSESSMENT_SUMMARY");
        removeRecords(caseJson, "SUPPORTER_INFO");

        assertThat(rules(problemsOf(caseJson))).containsExactly("notification", "assessment-summary",
                "supporter-info");
    }

    @Test
    void aLimitedReviewSatisfiesTheInvestigationRule() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        removeRecords(caseJson, "CHILD_INVESTIGATION");
        assertThat(rules(problemsOf(caseJson))).containsExactly("investigation");

        TestPackets.addRecord(caseJson.withArray("records"), "LIMITED_REVIEW");
        assertThat(problemsOf(caseJson)).isEmpty();
    }

    @Test
    void noInvestigationAndNoMeasuresNeedNoInvestigationDecisionOrPlan() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.with("caseStatus").put("investigation", "NONE").put("measures", false).put("placed", false);
        removeRecords(caseJson, "CHILD_INVESTIGATION");
        removeRecords(caseJson, "DECISION");
        removeRecords(caseJson, "CHILD_PLAN");

        assertThat(problemsOf(caseJson)).isEmpty();
    }

    @Test
    void aPlacedChildNeedsADecisionAndAPlanEvenWithoutOtherMeasures() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.with("caseStatus").put("measures", false).put("placed", true);
        removeRecords(caseJson, "DECISION");
        removeRecords(caseJson, "CHILD_PLAN");

        assertThat(rules(problemsOf(caseJson))).containsExactly("decision", "child-plan");
    }

    @Test
    void aStatedReasonSatisfiesARequirementButABlankOneDoesNot() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        removeRecords(caseJson, "SUPPORTER_INFO");
        ObjectNode missing = caseJson.withArray("missingRecords").addObject().put("type", "SUPPORTER_INFO");

        missing.put("reason", "   ");
        CaseMetadataReader.Result blank = reader.read(TestPackets.json(caseJson), path -> true);
        assertThat(blank.problems()).extracting(Problem::pointer).containsExactly("/missingRecords/0/reason");
        assertThat(rules(check.check(blank.metadata()))).containsExactly("supporter-info");

        missing.put("reason", "The family declined information on a supporter; noted in the case on 1 November.");
        assertThat(problemsOf(caseJson)).isEmpty();
    }

    @Test
    void eachChildNeedsItsOwnConversationAndTheProblemNamesWhich() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.withArray("children").addObject().put("cpr", TestPackets.CHILD_2);
        caseJson.withArray("records").forEach(r -> {
            if (r.get("type").asText().equals("CHILD_CONVERSATION") || r.get("type").asText().equals("PARTY_HEARING")) {
                ((ObjectNode) r).putArray("children").add(TestPackets.CHILD_1);
            }
        });

        List<Problem> problems = problemsOf(caseJson);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/children/1");
            assertThat(p.detail()).contains("children[1]", "CHILD_CONVERSATION").doesNotContain(TestPackets.CHILD_2);
        });
    }

    @Test
    void aConversationRecordCountsOnlyForTheChildrenItNames() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.withArray("children").addObject().put("cpr", TestPackets.CHILD_2);

        assertThat(problemsOf(caseJson)).filteredOn(p -> p.detail().contains("'child-conversation'"))
                .extracting(Problem::pointer).as("an unnamed conversation with siblings")
                .containsExactly("/children/0", "/children/1");

        caseJson.withArray("records").forEach(r -> {
            if (r.get("type").asText().equals("CHILD_CONVERSATION")) {
                ((ObjectNode) r).putArray("children").add(TestPackets.CHILD_1).add(TestPackets.CHILD_2);
            }
            if (r.get("type").asText().equals("PARTY_HEARING")) {
                ((ObjectNode) r).putArray("children").add(TestPackets.CHILD_1);
            }
        });
        assertThat(problemsOf(caseJson)).isEmpty();
    }

    @Test
    void inAPacketWithOneChildARecordThatNamesNobodyNamesThatChild() {
        assertThat(problemsOf(TestPackets.handover("101", "165"))).isEmpty();
    }

    @Test
    void aDecisionAboutAChildAgedTenOrMoreAsksForItsPartyHearing() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        removeRecords(caseJson, "PARTY_HEARING");

        List<Problem> problems = problemsOf(caseJson);

        assertThat(rules(problems)).containsExactly("party-hearing");
        assertThat(problems.get(0).detail()).contains("PARTY_HEARING", "Barnets lov § 3");

        caseJson.withArray("missingRecords").addObject().put("type", "PARTY_HEARING")
                .put("reason", "The decision was taken with the child's consent; hearing waived (fvl. § 19, stk. 2).");
        assertThat(problemsOf(caseJson)).as("an explained absence suffices").isEmpty();
    }

    @Test
    void aChildUnderTenOrOneNoDecisionConcernsNeedsNoPartyHearing() {
        ObjectNode younger = TestPackets.handover("101", "165");
        removeRecords(younger, "PARTY_HEARING");
        younger.withArray("children").removeAll();
        younger.withArray("children").addObject().put("cpr", TestPackets.CHILD_2);
        assertThat(problemsOf(younger)).isEmpty();

        ObjectNode siblings = TestPackets.handover("101", "165");
        removeRecords(siblings, "PARTY_HEARING");
        siblings.withArray("children").addObject().put("cpr", TestPackets.CHILD_2);
        siblings.withArray("records").forEach(r -> {
            if (r.get("type").asText().equals("CHILD_CONVERSATION")) {
                ((ObjectNode) r).putArray("children").add(TestPackets.CHILD_1).add(TestPackets.CHILD_2);
            }
            if (r.get("type").asText().equals("DECISION")) {
                ((ObjectNode) r).putArray("children").add(TestPackets.CHILD_2);
            }
        });
        assertThat(problemsOf(siblings)).as("the decision concerns only the younger sibling").isEmpty();
    }

    @Test
    void anOrientationNeedsOnlyTheNotificationAndTheSummary() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.put("kind", "ORIENTATION");
        for (String type : List.of("CHILD_INVESTIGATION", "DECISION", "CHILD_PLAN", "CHILD_CONVERSATION",
                "SUPPORTER_INFO", "ASSESSMENT_SUMMARY")) {
            removeRecords(caseJson, type);
        }

        assertThat(rules(problemsOf(caseJson))).containsExactly("assessment-summary");
    }

    @Test
    void aReplacementPolicyIsReadWithItsVersion() throws Exception {
        String json = """
                {"version": "kommune-2027.1", "rules": [
                  {"id": "youth-plan", "kinds": ["HANDOVER"], "when": [{"urgent": true}], "anyOf": ["YOUTH_PLAN"],
                   "basis": "local practice"}]}""";
        CompletenessCheck local = new CompletenessCheck(
                CompletenessPolicy.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.put("urgent", true);
        CaseMetadata metadata = reader.read(TestPackets.json(caseJson), path -> true).metadata();

        assertThat(local.policyVersion()).isEqualTo("kommune-2027.1");
        assertThat(rules(local.check(metadata))).containsExactly("youth-plan");
    }
}
