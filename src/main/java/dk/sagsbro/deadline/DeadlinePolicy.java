package dk.sagsbro.deadline;

import dk.sagsbro.transfer.DeadlineKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long each step of a transfer may take, when to remind before it is overdue, and how to keep chasing after.
 * The defaults follow docs/domain.md: delivery within 15 minutes of receipt; the RECEIVED acknowledgement within 24
 * clock hours of the packet becoming available to the receiver (2 hours when urgent); TAKEN_OVER within 6 working
 * days of that; reminders at 50% and 80% of each deadline; after a deadline is missed, chases 4 hours later, then
 * every 24 hours (the last interval repeats) until someone reacts. Clock-hour deadlines are absolute durations, so a
 * change to or from summer time neither shortens nor lengthens them.
 */
public record DeadlinePolicy(Duration delivery, Duration acknowledgement, Duration urgentAcknowledgement,
        int takenOverWorkingDays, List<Integer> reminderPercentages, List<Duration> chaseIntervals) {

    public DeadlinePolicy {
        if (delivery.isNegative() || delivery.isZero() || acknowledgement.isNegative() || acknowledgement.isZero()
                || urgentAcknowledgement.isNegative() || urgentAcknowledgement.isZero() || takenOverWorkingDays < 1) {
            throw new IllegalArgumentException("deadlines must be positive");
        }
        if (reminderPercentages.stream().anyMatch(p -> p <= 0 || p >= 100)) {
            throw new IllegalArgumentException("reminders fall strictly between the start and the deadline");
        }
        reminderPercentages = reminderPercentages.stream().sorted().toList();
        if (chaseIntervals.isEmpty() || chaseIntervals.stream().anyMatch(d -> d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException("chasing needs at least one positive interval");
        }
        chaseIntervals = List.copyOf(chaseIntervals);
    }

    /** The policy without a chase schedule of its own: the default one. */
    public DeadlinePolicy(Duration delivery, Duration acknowledgement, Duration urgentAcknowledgement,
            int takenOverWorkingDays, List<Integer> reminderPercentages) {
        this(delivery, acknowledgement, urgentAcknowledgement, takenOverWorkingDays, reminderPercentages,
                DEFAULT_CHASE_INTERVALS);
    }

    public static final List<Duration> DEFAULT_CHASE_INTERVALS = List.of(Duration.ofHours(4), Duration.ofHours(24));

    public static DeadlinePolicy defaults() {
        return new DeadlinePolicy(Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(2), 6,
                List.of(50, 80), DEFAULT_CHASE_INTERVALS);
    }

    /**
     * How many chases of a missed deadline have fallen due at {@code now}: the first {@code chaseIntervals[0]}
     * after the deadline, each next one the next interval later, the last interval repeating without end.
     */
    public int chasesDueAt(Deadline deadline, Instant now) {
        if (!deadline.overdueAt(now)) {
            return 0;
        }
        long elapsed = Duration.between(deadline.due(), now).toMillis();
        int chases = 0;
        for (Duration interval : chaseIntervals.subList(0, chaseIntervals.size() - 1)) {
            if (elapsed < interval.toMillis()) {
                return chases;
            }
            elapsed -= interval.toMillis();
            chases++;
        }
        return chases + (int) Math.min(Integer.MAX_VALUE - chases,
                elapsed / chaseIntervals.get(chaseIntervals.size() - 1).toMillis());
    }

    /** When the chase after the {@link #chasesDueAt} ones at {@code now} falls due. */
    public Instant nextChase(Deadline deadline, Instant now) {
        int done = chasesDueAt(deadline, now);
        Instant next = deadline.due();
        for (int i = 0; i <= done && i < chaseIntervals.size() - 1; i++) {
            next = next.plus(chaseIntervals.get(i));
        }
        int byLast = done + 1 - (chaseIntervals.size() - 1);
        return byLast <= 0 ? next : next.plus(chaseIntervals.get(chaseIntervals.size() - 1).multipliedBy(byLast));
    }

    /** The deadline of {@code kind} for a transfer whose packet became available to its receiver at {@code available}. */
    public Deadline deadline(DeadlineKind kind, Instant available, boolean urgent, DanishWorkingDays calendar) {
        return switch (kind) {
            case DELIVERY -> delivery(available);
            case RECEIVED_ACKNOWLEDGEMENT -> receivedAcknowledgement(available, urgent);
            case TAKEN_OVER -> takenOver(available, calendar);
        };
    }

    public Deadline delivery(Instant received) {
        return withReminders(DeadlineKind.DELIVERY, received, received.plus(delivery));
    }

    /** § 136: the clock starts when the packet is available to the receiver, fetched or not. */
    public Deadline receivedAcknowledgement(Instant available, boolean urgent) {
        return withReminders(DeadlineKind.RECEIVED_ACKNOWLEDGEMENT, available,
                available.plus(urgent ? urgentAcknowledgement : acknowledgement));
    }

    public Deadline takenOver(Instant available, DanishWorkingDays calendar) {
        return withReminders(DeadlineKind.TAKEN_OVER, available,
                calendar.deadlineAfter(available, takenOverWorkingDays).toInstant());
    }

    private Deadline withReminders(DeadlineKind kind, Instant start, Instant due) {
        long span = Duration.between(start, due).toMillis();
        return new Deadline(kind, start, due, reminderPercentages.stream()
                .map(p -> start.plusMillis(span * p / 100)).toList());
    }
}
