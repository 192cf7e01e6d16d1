package dk.sagsbro.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;

import java.util.List;

/** An RFC 9457 problem+json body; {@code problems} lists every problem found in a rejected request. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemDocument(String type, String title, int status, String detail, String instance,
        List<Item> problems) {
    public static final String MEDIA_TYPE = "application/problem+json";

    /** One problem: its own type, and the container entry or case.json field it concerns. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String type, String title, String entry, String pointer, String detail) {
        static Item of(Problem problem) {
            return new Item(problem.type().uri(), problem.type().title(), problem.entry(), problem.pointer(),
                    problem.detail());
        }
    }

    public static ProblemDocument of(ProblemType type, int status, String detail, String instance,
            List<Problem> problems) {
        return new ProblemDocument(type.uri(), type.title(), status, detail, instance,
                problems == null ? null : problems.stream().map(Item::of).toList());
    }
}
