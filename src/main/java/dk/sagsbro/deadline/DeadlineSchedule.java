package dk.sagsbro.deadline;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferStatus;

import java.time.Instant;
import java.util.List;

/**
 * Which deadlines a transfer runs against, and when the deadline watch must next look at it: the first instant after
 * a given one at which a reminder, the overdue notice or a chase of one of those deadlines falls due. A transfer's
 * deadlines only ever close as it moves on (no state leads back to one with more of them), so a time computed in an
 * earlier state is never later than the one its present state would give.
 */
public final class DeadlineSchedule {
    private final DeadlinePolicy policy;
    private final DanishWorkingDays calendar;

    public DeadlineSchedule(DeadlinePolicy policy, DanishWorkingDays calendar) {
        this.policy = policy;
        this.calendar = calendar;
    }

    DeadlinePolicy policy() {
        return policy;
    }

    /** The deadlines that a transfer in {@code status} still runs against, each from when its packet arrived. */
    public List<Deadline> openDeadlines(TransferKind kind, TransferStatus status, Instant receivedAt, boolean urgent) {
        return TransferLifecycle.deadlines(kind, status).stream()
                .map(deadline -> policy.deadline(deadline, receivedAt, urgent, calendar)).toList();
    }

    /**
     * The first instant after {@code now} at which one of {@code deadlines} has something fall due; null when there
     * is none (no deadline runs any more).
     */
    public Instant nextCheck(List<Deadline> deadlines, Instant now) {
        Instant next = null;
        for (Deadline deadline : deadlines) {
            for (Instant reminder : deadline.reminders()) {
                if (reminder.isAfter(now)) {
                    next = earlier(next, reminder);
                    break;
                }
            }
            if (!deadline.overdueAt(now)) {
                // overdue is strictly after the due time; the watch's clock counts in milliseconds
                next = earlier(next, deadline.due().plusMillis(1));
            }
            next = earlier(next, policy.nextChase(deadline, now));
        }
        return next;
    }

    /** When the watch must first look at a transfer just received. */
    public Instant firstCheck(Transfer transfer) {
        Instant next = nextCheck(openDeadlines(transfer.kind(), transfer.status(), transfer.receivedAt(),
                transfer.urgent()), transfer.receivedAt());
        return next == null ? transfer.receivedAt() : next;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }
}
