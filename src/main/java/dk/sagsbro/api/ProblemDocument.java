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
    /** A response never echoes more than this many problems, nor longer texts than {@link #MAX_TEXT}. */
    static final int MAX_PROBLEMS = 100;
    static final int MAX_TEXT = 300;

    /** One problem: its own type, and the container entry or case.json field it concerns. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String type, String title, String entry, String pointer, String detail) {
        static Item of(Problem problem) {
            return new Item(problem.type().uri(), problem.type().title(), cut(problem.entry()),
                    cut(problem.pointer()), cut(problem.detail()));
        }
    }

    public static ProblemDocument of(ProblemType type, int status, String detail, String instance,
            List<Problem> problems) {
        String summary = detail;
        if (problems != null && problems.size() > MAX_PROBLEMS) {
            summary = (detail == null ? "" : detail + "; ") + problems.size() + " problems, the first "
                    + MAX_PROBLEMS + " listed";
        }
        return new ProblemDocument(type.uri(), type.title(), status, cut(summary), instance,
                problems == null ? null : problems.stream().limit(MAX_PROBLEMS).map(Item::of).toList());
    }

    /** Caller-supplied text (entry names, details quoting input) is cut, so no response echoes megabytes. */
    static String cut(String text) {
        if (text == null || text.length() <= MAX_TEXT) {
            return text;
        }
        return text.substring(0, MAX_TEXT) + "…";
    }
}
