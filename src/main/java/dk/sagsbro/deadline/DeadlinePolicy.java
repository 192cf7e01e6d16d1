package dk.sagsbro.deadline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How long each step of a transfer may take, and when to remind before it is overdue. The defaults follow DOMAIN.md:
 * delivery within 15 minutes of receipt; the RECEIVED acknowledgement within 24 clock hours of delivery (2 hours
 * when urgent); TAKEN_OVER within 6 working days of delivery; reminders at 50% and 80% of each deadline. Clock-hour
 * deadlines are absolute durations, so a change to or from summer time neither shortens nor lengthens them.
 */
public record DeadlinePolicy(Duration delivery, Duration acknowledgement, Duration urgentAcknowledgement,
        int takenOverWorkingDays, List<Integer> reminderPercentages) {

    public DeadlinePolicy {
        if (delivery.isNegative() || delivery.isZero() || acknowledgement.isNegative() || acknowledgement.isZero()
                || urgentAcknowledgement.isNegative() || urgentAcknowledgement.isZero() || takenOverWorkingDays < 1) {
            throw new IllegalArgumentException("deadlines must be positive");
        }
        if (reminderPercentages.stream().anyMatch(p -> p <= 0 || p >= 100)) {
            throw new IllegalArgumentException("reminders fall strictly between the start and the deadline");
        }
        reminderPercentages = reminderPercentages.stream().sorted().toList();
    }

    public static DeadlinePolicy defaults() {
        return new DeadlinePolicy(Duration.ofMinutes(15), Duration.ofHours(24), Duration.ofHours(2), 6,
                List.of(50, 80));
    }

    public Deadline delivery(Instant received) {
        return withReminders(DeadlineKind.DELIVERY, received, received.plus(delivery));
    }

    public Deadline receivedAcknowledgement(Instant delivered, boolean urgent) {
        return withReminders(DeadlineKind.RECEIVED_ACKNOWLEDGEMENT, delivered,
                delivered.plus(urgent ? urgentAcknowledgement : acknowledgement));
    }

    public Deadline takenOver(Instant delivered, DanishWorkingDays calendar) {
        return withReminders(DeadlineKind.TAKEN_OVER, delivered,
                calendar.deadlineAfter(delivered, takenOverWorkingDays).toInstant());
    }

    private Deadline withReminders(DeadlineKind kind, Instant start, Instant due) {
        long span = Duration.between(start, due).toMillis();
        return new Deadline(kind, start, due, reminderPercentages.stream()
                .map(p -> start.plusMillis(span * p / 100)).toList());
    }
}
