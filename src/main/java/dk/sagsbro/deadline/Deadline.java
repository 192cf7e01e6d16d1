package dk.sagsbro.deadline;

import dk.sagsbro.transfer.DeadlineKind;
import java.time.Instant;
import java.util.List;

/** One deadline: when its clock started, when it is due, and when reminders fall due before that. */
public record Deadline(DeadlineKind kind, Instant start, Instant due, List<Instant> reminders) {

    public Deadline {
        if (!due.isAfter(start)) {
            throw new IllegalArgumentException("a deadline must fall after its start");
        }
        reminders = List.copyOf(reminders);
    }

    public boolean overdueAt(Instant now) {
        return now.isAfter(due);
    }

    /** How many of the reminders have fallen due at {@code now}. */
    public int remindersDueAt(Instant now) {
        return (int) reminders.stream().filter(r -> !r.isAfter(now)).count();
    }
}
