package dk.sagsbro.problem;

import java.io.IOException;

/**
 * An upload stopped by the gateway's own bounds (too slow, or too little disk left), raised from inside the stream
 * the intake reads, so that the intake discards what it wrote exactly as for a broken connection.
 */
public final class UploadRefusedException extends IOException {
    private final transient ProblemType type;

    public UploadRefusedException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public UploadRefusedException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    public ProblemType type() {
        return type;
    }

    public int status() {
        return type.status();
    }
}
