package dk.sagsbro.api;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** A problem response never echoes megabytes of a caller's input, however many problems it had. */
class ProblemDocumentTest {

    @Test
    void listsAtMostAHundredProblemsAndCutsEveryEchoedText() {
        String longName = "documents/" + "a".repeat(100_000);
        List<Problem> problems = IntStream.range(0, 10_000)
                .mapToObj(i -> Problem.ofEntry(ProblemType.ENTRY_NAME_UNSAFE, longName, "detail " + longName))
                .toList();

        ProblemDocument document = ProblemDocument.of(ProblemType.PACKET_REJECTED, 422, "10000 problem(s) found",
                "/api/v1/transfers", problems);

        assertThat(document.problems()).hasSize(ProblemDocument.MAX_PROBLEMS);
        assertThat(document.detail()).contains("10000 problems, the first 100 listed");
        assertThat(document.problems()).allSatisfy(item -> {
            assertThat(item.entry()).hasSizeLessThanOrEqualTo(ProblemDocument.MAX_TEXT + 1);
            assertThat(item.detail()).hasSizeLessThanOrEqualTo(ProblemDocument.MAX_TEXT + 1);
        });
    }
}
