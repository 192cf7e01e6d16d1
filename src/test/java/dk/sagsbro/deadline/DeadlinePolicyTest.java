package dk.sagsbro.deadline;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlinePolicyTest {
    final DeadlinePolicy policy = DeadlinePolicy.defaults();

    static Instant copenhagen(String localDateTime) {
        return ZonedDateTime.of(java.time.LocalDateTime.parse(localDateTime), DanishWorkingDays.DANISH_TIME)
                .toInstant();
    }

    @Test
    void deliveryIsDueFifteenMinutesAfterReceipt() {
        Deadline deadline = policy.delivery(Instant.parse("2026-11-23T10:00:00Z"));

        assertThat(deadline.due()).isEqualTo(Instant.parse("2026-11-23T10:15:00Z"));
        assertThat(deadline.reminders()).containsExactly(Instant.parse("2026-11-23T10:07:30Z"),
                Instant.parse("2026-11-23T10:12:00Z"));
    }

    @Test
    void theAcknowledgementIsDue24ClockHoursLaterEvenAcrossTheChangeToSummerTime() {
        // 28 March 2026 12:00 CET; the clocks go forward at 02:00 on 29 March.
        Deadline deadline = policy.receivedAcknowledgement(copenhagen("2026-03-28T12:00"), false);

        assertThat(deadline.due()).isEqualTo(copenhagen("2026-03-29T13:00"));
        assertThat(deadline.reminders()).containsExactly(copenhagen("2026-03-29T00:00"),
                copenhagen("2026-03-29T08:12"));
    }

    @Test
    void theAcknowledgementIsDue24ClockHoursLaterAcrossTheChangeBackToWinterTime() {
        Deadline deadline = policy.receivedAcknowledgement(copenhagen("2026-10-24T12:00"), false);

        assertThat(deadline.due()).isEqualTo(copenhagen("2026-10-25T11:00"));
    }

    @Test
    void anUrgentTransferMustBeAcknowledgedWithinTwoHours() {
        Deadline deadline = policy.receivedAcknowledgement(Instant.parse("2026-11-23T10:00:00Z"), true);

        assertThat(deadline.due()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    }

    @Test
    void takeoverIsDueAtTheEndOfTheSixthWorkingDay() {
        Deadline deadline = policy.takenOver(copenhagen("2026-12-22T14:00"), new DanishWorkingDays());

        assertThat(deadline.due()).isEqualTo(copenhagen("2027-01-05T23:59:59"));
        assertThat(deadline.remindersDueAt(copenhagen("2026-12-30T00:00"))).isEqualTo(1);
        assertThat(deadline.overdueAt(copenhagen("2027-01-05T23:59:59"))).isFalse();
        assertThat(deadline.overdueAt(copenhagen("2027-01-06T00:00"))).isTrue();
    }

    @Test
    void refusesRemindersOutsideTheDeadline() {
        assertThatThrownBy(() -> new DeadlinePolicy(java.time.Duration.ofMinutes(15), java.time.Duration.ofHours(24),
                java.time.Duration.ofHours(2), 6, List.of(50, 100))).isInstanceOf(IllegalArgumentException.class);
    }
}
