package dk.sagsbro.problem;

/**
 * One thing wrong with a request. {@code entry} names the container entry concerned, {@code pointer} a JSON pointer
 * into case.json; either may be null. The detail never contains a CPR number or document content.
 */
public record Problem(ProblemType type, String entry, String pointer, String detail) {

    public static Problem ofEntry(ProblemType type, String entry, String detail) {
        return new Problem(type, entry, null, detail);
    }

    public static Problem ofField(ProblemType type, String pointer, String detail) {
        return new Problem(type, "case.json", pointer, detail);
    }

    public static Problem of(ProblemType type, String detail) {
        return new Problem(type, null, null, detail);
    }
}
