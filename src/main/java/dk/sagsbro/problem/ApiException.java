package dk.sagsbro.problem;

import java.util.List;

/** A request refused with a given status and problem type; the API maps it to problem+json. */
public class ApiException extends RuntimeException {
    private final transient ProblemType type;
    private final int status;
    private final transient List<Problem> problems;

    public ApiException(ProblemType type, int status, String detail) {
        this(type, status, detail, null);
    }

    public ApiException(ProblemType type, int status, String detail, List<Problem> problems) {
        super(detail, null, false, false);
        this.type = type;
        this.status = status;
        this.problems = problems;
    }

    public static ApiException notFound() {
        return new ApiException(ProblemType.NOT_FOUND, 404, "no transfer with this id is visible to you");
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return status;
    }

    public List<Problem> problems() {
        return problems;
    }
}
