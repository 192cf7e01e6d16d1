package dk.sagsbro.problem;

import java.util.List;

/** A request refused for one reason; the API maps it to problem+json with the status its type carries. */
public class ApiException extends RuntimeException {
    private final transient ProblemType type;
    private final transient List<Problem> problems;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ApiException(ProblemType type, String detail, List<Problem> problems) {
        super(detail, null, false, false);
        this.type = type;
        this.problems = problems;
    }

    public static ApiException notFound() {
        return new ApiException(ProblemType.NOT_FOUND, "no transfer with this id is visible to you");
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }

    public List<Problem> problems() {
        return problems;
    }
}
