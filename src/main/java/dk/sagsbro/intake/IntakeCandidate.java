package dk.sagsbro.intake;

import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.storage.PayloadStore;

import java.util.ArrayList;
import java.util.List;

/**
 * A packet on its way through intake: its encrypted copy not yet published, the verification so far, and every
 * problem found by any step.
 */
public final class IntakeCandidate {
    private final String submitter;
    private final String submitterCertificate;
    private final PayloadStore.Pending payload;
    private final PacketVerifier.Verification verification;
    private final List<Problem> problems;

    IntakeCandidate(String submitter, String submitterCertificate, PayloadStore.Pending payload,
            PacketVerifier.Verification verification) {
        this.submitter = submitter;
        this.submitterCertificate = submitterCertificate;
        this.payload = payload;
        this.verification = verification;
        this.problems = new ArrayList<>(verification.problems());
    }

    public String submitter() {
        return submitter;
    }

    /** The submitter's client certificate (issuer and serial), or null when unknown. */
    public String submitterCertificate() {
        return submitterCertificate;
    }

    public PayloadStore.Pending payload() {
        return payload;
    }

    public PacketVerifier.Verification verification() {
        return verification;
    }

    public List<Problem> problems() {
        return problems;
    }

    void addProblems(List<Problem> more) {
        problems.addAll(more);
    }
}
