package dk.sagsbro.metadata;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.support.TestPackets;
import jakarta.validation.Validation;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CaseMetadataReaderTest {
    final CaseMetadataReader reader = new CaseMetadataReader(Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator(),
            Municipalities.builtIn());

    List<Problem> problemsOf(ObjectNode caseJson) {
        return reader.read(TestPackets.json(caseJson), path -> true).problems();
    }

    @Test
    void readsACompleteHandoverWithoutProblems() {
        assertThat(problemsOf(TestPackets.handover("101", "165"))).isEmpty();
    }

    @Test
    void pointsAtTheExactFieldOfEveryProblemAtOnce() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        ((ObjectNode) caseJson.withArray("children").get(0)).put("cpr", "3102154123");
        caseJson.remove("moveDate");
        ((ObjectNode) caseJson.withArray("records").get(2)).remove("title");

        assertThat(problemsOf(caseJson)).extracting(Problem::type, Problem::pointer).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(ProblemType.CPR_INVALID, "/children/0/cpr"),
                org.assertj.core.groups.Tuple.tuple(ProblemType.METADATA_INVALID, "/moveDate"),
                org.assertj.core.groups.Tuple.tuple(ProblemType.METADATA_INVALID, "/records/2/title"));
    }

    @Test
    void neverRepeatsACprNumberInAProblem() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        ((ObjectNode) caseJson.withArray("children").get(0)).put("cpr", "3102154123");
        ((ObjectNode) caseJson.withArray("records").get(0)).putArray("children").add("0101154999");

        assertThat(problemsOf(caseJson)).isNotEmpty().allSatisfy(p ->
                assertThat(p.detail()).doesNotContain("3102154123", "0101154999"));
    }

    @Test
    void refusesARecordAnnouncedToFollowThatIsNotATrueOrFalse() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.withArray("missingRecords").addObject().put("type", "CHILD_PLAN").put("reason", "follows next week")
                .put("followsLater", "yes");

        assertThat(problemsOf(caseJson)).extracting(Problem::type, Problem::pointer).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ProblemType.METADATA_INVALID, "/missingRecords/0/followsLater"));
    }

    @Test
    void refusesARecordNamingAChildOutsideThePacket() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        ((ObjectNode) caseJson.withArray("records").get(0)).putArray("children").add("0101154999");

        assertThat(problemsOf(caseJson)).extracting(Problem::pointer).containsExactly("/records/0/children/0");
    }

    @Test
    void describesAWrongTypeWithoutEchoingTheValue() {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.put("moveDate", "1 December");

        List<Problem> problems = problemsOf(caseJson);

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.pointer()).isEqualTo("/moveDate");
            assertThat(p.detail()).contains("YYYY-MM-DD").doesNotContain("1 December");
        });
    }

    @Test
    void storesFourDigitCodesAsThree() {
        CaseMetadataReader.Result result = reader.read(TestPackets.json(TestPackets.handover("0751", "0851")),
                path -> true);

        assertThat(result.metadata().sender()).isEqualTo("751");
        assertThat(result.metadata().receiver()).isEqualTo("851");
    }
}
