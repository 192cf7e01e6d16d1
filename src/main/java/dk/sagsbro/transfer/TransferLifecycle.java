package dk.sagsbro.transfer;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.problem.ProblemType;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * The one description of a transfer's life: which {@link LifecycleEvent} is allowed in which {@link TransferStatus},
 * what it leads to, which deadlines run in each state, and whether a state is open, ended or stopped. The kind of
 * transfer matters: an ORIENTATION (the sending municipality keeps responsibility, e.g. for a placed child) and a
 * SUPPLEMENT (late documents for a transfer already made) are acknowledged as received and read, and that ends
 * them; only a HANDOVER is taken over. Every change of state in the gateway is checked here, the SQL that selects
 * transfers by standing is built from here, and the lifecycle table test walks every (kind, state, event).
 */
public final class TransferLifecycle {
    private TransferLifecycle() {
    }

    /** Where a transfer stands as a whole. */
    public enum Standing {
        /** The receiver still has a step to take; deadlines run. */
        OPEN,
        /** Done: taken over, acknowledged where nothing more is owed, or continued in a redirect. */
        ENDED,
        /** Stopped without a takeover: rejected (the sender may still redirect or an operator cancel) or cancelled. */
        STOPPED
    }

    /** What a transfer's state makes of one event. */
    public sealed interface Outcome {
        /** Allowed, and the transfer is then in {@code next} (which may be the state it was in). */
        record Allowed(TransferStatus next) implements Outcome {
        }

        /** Not allowed here, because of the transfer it continues in after a redirect: do it there. */
        record FollowsRedirect() implements Outcome {
        }

        /** Not allowed, with the problem type a caller is answered with and why. */
        record Refused(ProblemType problem, String why) implements Outcome {
        }
    }

    /** What happens to the transfer, as {@link #outcome} decides. */
    public static Outcome outcome(TransferKind kind, TransferStatus state, LifecycleEvent event) {
        boolean answered = !takenOver(kind) && state == TransferStatus.ACKNOWLEDGED;
        return switch (event) {
            case DELIVER -> state == TransferStatus.RECEIVED ? allowed(TransferStatus.DELIVERED)
                    : refused(ProblemType.TRANSITION_NOT_ALLOWED, "the transfer is already " + state);
            case ACKNOWLEDGE_RECEIPT -> state == TransferStatus.RECEIVED || state == TransferStatus.DELIVERED
                    ? allowed(TransferStatus.ACKNOWLEDGED)
                    : refused(ProblemType.ACKNOWLEDGEMENT_WRONG_STATE, "receipt is acknowledged before anything "
                            + "else, and the transfer is " + state);
            case ACKNOWLEDGE_TAKEOVER -> !takenOver(kind)
                    ? refused(ProblemType.ACKNOWLEDGEMENT_WRONG_STATE, "an " + kind + " is acknowledged as received "
                            + "and read; it is not taken over")
                    : state == TransferStatus.ACKNOWLEDGED ? allowed(TransferStatus.TAKEN_OVER)
                    : refused(ProblemType.ACKNOWLEDGEMENT_WRONG_STATE, "takeover follows the acknowledgement of "
                            + "receipt, and the transfer is " + state);
            case REJECT -> (state == TransferStatus.RECEIVED || state == TransferStatus.DELIVERED
                    || state == TransferStatus.ACKNOWLEDGED) && !answered ? allowed(TransferStatus.REJECTED)
                    : refused(ProblemType.ACKNOWLEDGEMENT_WRONG_STATE, "a rejection comes before takeover, and the "
                            + "transfer is " + state + (answered ? " (an " + kind + " ends there)" : ""));
            case REDIRECT -> state == TransferStatus.REJECTED ? allowed(TransferStatus.REDIRECTED)
                    : refused(ProblemType.REDIRECT_NOT_ALLOWED, "only a rejected transfer is redirected, and this "
                            + "one is " + state);
            case CANCEL -> standing(kind, state) == Standing.OPEN || state == TransferStatus.REJECTED
                    ? allowed(TransferStatus.CANCELLED)
                    : refused(ProblemType.TRANSITION_NOT_ALLOWED, "a transfer that is " + state
                            + " cannot be cancelled");
            case RETRY_DELIVERY -> state == TransferStatus.RECEIVED ? allowed(state)
                    : refused(ProblemType.TRANSITION_NOT_ALLOWED, "the packet is no longer waiting to be delivered; "
                            + "the transfer is " + state);
            case ADD_SUPPLEMENT -> switch (state) {
                case REDIRECTED -> new Outcome.FollowsRedirect();
                case REJECTED, CANCELLED -> refused(ProblemType.SUPPLEMENT_NOT_ALLOWED, "the transfer was "
                        + state + "; a supplement would reach nobody responsible");
                default -> allowed(state);
            };
            case READ_PACKET -> switch (state) {
                case CANCELLED -> refused(ProblemType.TRANSFER_CANCELLED, "the transfer was cancelled");
                case REJECTED, REDIRECTED -> refused(ProblemType.ACCESS_ENDED, "the receiver's part ended when "
                        + "the transfer was " + state);
                default -> allowed(state);
            };
            case EXPIRE_CONTENT -> !isFinal(kind, state) && state != TransferStatus.RECEIVED ? allowed(state)
                    : refused(ProblemType.TRANSITION_NOT_ALLOWED, state == TransferStatus.RECEIVED
                            ? "a packet the receiver never had is kept, and chased"
                            : "the transfer has ended; its content follows the grace period after the end");
            case DELETE_CONTENT -> isFinal(kind, state) ? allowed(state)
                    : refused(ProblemType.TRANSITION_NOT_ALLOWED, "the content is kept while the transfer may still "
                            + "move on; it is " + state);
        };
    }

    /** The states in which {@code event} is allowed for a transfer of {@code kind}. */
    public static Set<TransferStatus> statesAllowing(TransferKind kind, LifecycleEvent event) {
        Set<TransferStatus> states = EnumSet.noneOf(TransferStatus.class);
        for (TransferStatus state : TransferStatus.values()) {
            if (outcome(kind, state, event) instanceof Outcome.Allowed) {
                states.add(state);
            }
        }
        return states;
    }

    /** Where a transfer of {@code kind} in {@code state} stands. */
    public static Standing standing(TransferKind kind, TransferStatus state) {
        return switch (state) {
            case RECEIVED, DELIVERED -> Standing.OPEN;
            case ACKNOWLEDGED -> takenOver(kind) ? Standing.OPEN : Standing.ENDED;
            case TAKEN_OVER, REDIRECTED -> Standing.ENDED;
            case REJECTED, CANCELLED -> Standing.STOPPED;
        };
    }

    /**
     * The deadlines a transfer of {@code kind} in {@code state} still runs against. The receiver's clocks start when
     * the packet becomes available to it (at receipt: it is in the inbox at once, whether pushed or not), so a
     * receiver that never fetches it is chased all the same.
     */
    public static List<DeadlineKind> deadlines(TransferKind kind, TransferStatus state) {
        if (standing(kind, state) != Standing.OPEN) {
            return List.of();
        }
        List<DeadlineKind> running = switch (state) {
            case RECEIVED -> List.of(DeadlineKind.DELIVERY, DeadlineKind.RECEIVED_ACKNOWLEDGEMENT,
                    DeadlineKind.TAKEN_OVER);
            case DELIVERED -> List.of(DeadlineKind.RECEIVED_ACKNOWLEDGEMENT, DeadlineKind.TAKEN_OVER);
            case ACKNOWLEDGED -> List.of(DeadlineKind.TAKEN_OVER);
            default -> List.of();
        };
        return takenOver(kind) ? running
                : running.stream().filter(d -> d != DeadlineKind.TAKEN_OVER).toList();
    }

    /** Whether no event can move a transfer of {@code kind} on from {@code state}: its story has ended. */
    public static boolean isFinal(TransferKind kind, TransferStatus state) {
        return Arrays.stream(LifecycleEvent.values())
                .filter(event -> event != LifecycleEvent.DELETE_CONTENT && event != LifecycleEvent.EXPIRE_CONTENT)
                .noneMatch(event -> outcome(kind, state, event)
                instanceof Outcome.Allowed allowed && allowed.next() != state);
    }

    /** {@link #isFinal} as an SQL condition, built like {@link #sqlStanding}. */
    public static String sqlFinal(String alias) {
        return sql(alias, TransferLifecycle::isFinal);
    }

    /** The states, per kind, in which {@code event} is allowed, as an SQL condition built like {@link #sqlStanding}. */
    public static String sqlAllowing(String alias, LifecycleEvent event) {
        return sql(alias, (kind, state) -> outcome(kind, state, event) instanceof Outcome.Allowed);
    }

    /** Whether the receiver takes responsibility for a transfer of this kind (and so confirms a takeover). */
    public static boolean takenOver(TransferKind kind) {
        return kind == TransferKind.HANDOVER;
    }

    /** Whether the receiver still has to fetch or answer: the transfer waits in its inbox. */
    public static boolean waitingForReceiver(TransferStatus state) {
        return state == TransferStatus.RECEIVED || state == TransferStatus.DELIVERED;
    }

    /**
     * An SQL condition on a table's {@code kind} and {@code status} columns (named with {@code alias}, which may be
     * empty) that holds for the transfers with {@code standing}. Built from the enums' names only, never from input.
     */
    public static String sqlStanding(String alias, Standing standing) {
        return sql(alias, (kind, state) -> standing(kind, state) == standing);
    }

    private static String sql(String alias, BiPredicate<TransferKind, TransferStatus> holds) {
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return Arrays.stream(TransferKind.values()).map(kind -> {
            String states = Arrays.stream(TransferStatus.values()).filter(s -> holds.test(kind, s))
                    .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
            return states.isEmpty() ? "1 = 0"
                    : "(" + prefix + "kind = '" + kind.name() + "' and " + prefix + "status in (" + states + "))";
        }).collect(Collectors.joining(" or ", "(", ")"));
    }

    private static Outcome allowed(TransferStatus next) {
        return new Outcome.Allowed(next);
    }

    private static Outcome refused(ProblemType problem, String why) {
        return new Outcome.Refused(problem, why);
    }
}
