package dk.sagsbro.problem;

import java.util.List;

/** A packet failed verification; carries every problem found. */
public class PacketRejectedException extends RuntimeException {
    private final transient List<Problem> problems;

    public PacketRejectedException(List<Problem> problems) {
        super(problems.size() + " problem(s), first: " + problems.get(0).type().slug());
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
