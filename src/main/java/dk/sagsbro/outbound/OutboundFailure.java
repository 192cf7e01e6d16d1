package dk.sagsbro.outbound;

/**
 * An outgoing call the other side did not accept (no answer in time, a refused connection, a status other than 2xx),
 * with what went wrong in words fit for a timeline. The route that made the call settles it as a failed attempt.
 */
public final class OutboundFailure extends RuntimeException {
    public OutboundFailure(String what) {
        super(what, null, false, false);
    }
}
