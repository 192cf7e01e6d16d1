package dk.sagsbro.deadline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class DanishWorkingDaysTest {
    final DanishWorkingDays calendar = new DanishWorkingDays();

    @ParameterizedTest(name = "Easter {0}: {1}")
    @CsvSource({"2023, 2023-04-09", "2024, 2024-03-31", "2025, 2025-04-20", "2026, 2026-04-05",
            "2027, 2027-03-28", "2028, 2028-04-16", "2029, 2029-04-01", "2030, 2030-04-21"})
    void findsEasterSunday(int year, LocalDate easter) {
        assertThat(DanishWorkingDays.easterSunday(year)).isEqualTo(easter);
    }

    @ParameterizedTest(name = "{0} is not a working day")
    @CsvSource({
            "2026-01-01", "2026-04-02", "2026-04-03", "2026-04-06", "2026-05-14", "2026-05-25", // 2026 holidays
            "2026-06-05", "2026-12-24", "2026-12-25", "2026-12-31",                            // non-working days
            "2023-05-05",                                                                        // Store Bededag 2023
            "2030-04-18", "2030-04-19", "2030-04-22", "2030-05-30", "2030-06-10",              // 2030 Easter-based
            "2026-11-21", "2026-11-22"})                                                        // a weekend
    void knowsTheDaysOff(LocalDate date) {
        assertThat(calendar.isWorkingDay(date)).isFalse();
    }

    @ParameterizedTest(name = "{0} is a working day")
    @CsvSource({"2024-04-26", "2025-05-16", "2026-05-01", "2026-12-23", "2026-12-28", "2027-01-04",
            "2026-11-23", "2029-06-04"})
    void knowsOrdinaryWorkingDays(LocalDate date) {
        assertThat(calendar.isWorkingDay(date)).isTrue();
    }

    @Test
    void storeBededagIsADayOffUpToAndIncluding2023Only() {
        // Store Bededag is the fourth Friday after Easter.
        assertThat(Stream.of(2023, 2024, 2025).map(y -> calendar.isWorkingDay(
                DanishWorkingDays.easterSunday(y).plusDays(26)))).containsExactly(false, true, true);
    }

    @ParameterizedTest(name = "6 working days after {0} end {1}")
    @CsvSource({
            // the event day is not counted; the deadline ends at 23:59:59 Danish time
            "2026-11-23T09:00:00Z, 2026-12-01T23:59:59+01:00[Europe/Copenhagen]",
            // 23:30 UTC on Friday is already Saturday in Copenhagen: the count starts on Sunday
            "2026-11-20T23:30:00Z, 2026-11-30T23:59:59+01:00[Europe/Copenhagen]",
            // across Easter 2026 (2-6 April off)
            "2026-03-31T10:00:00Z, 2026-04-13T23:59:59+02:00[Europe/Copenhagen]",
            // across Christmas and New Year 2026/27
            "2026-12-22T10:00:00Z, 2027-01-05T23:59:59+01:00[Europe/Copenhagen]",
            // across the change to summer time (29 March 2026) and back (25 October 2026)
            "2026-03-27T10:00:00Z, 2026-04-09T23:59:59+02:00[Europe/Copenhagen]",
            "2026-10-23T10:00:00Z, 2026-11-02T23:59:59+01:00[Europe/Copenhagen]",
            // Grundlovsdag 2029 (Tuesday 5 June) is skipped
            "2029-06-01T10:00:00Z, 2029-06-12T23:59:59+02:00[Europe/Copenhagen]"})
    void countsWorkingDaysFromTheDayAfterTheEvent(Instant event, ZonedDateTime deadline) {
        assertThat(calendar.deadlineAfter(event, 6)).isEqualTo(deadline);
    }

    @Test
    void everyYearFrom2023To2030HasTheExpectedNumberOfWorkingDays() {
        // Counted independently from the published Easter dates and the rules in docs/domain.md.
        int[] expected = {251, 251, 250, 251, 253, 253, 250, 250};
        for (int year = 2023; year <= 2030; year++) {
            int working = 0;
            for (LocalDate d = LocalDate.of(year, 1, 1); d.getYear() == year; d = d.plusDays(1)) {
                working += calendar.isWorkingDay(d) ? 1 : 0;
            }
            assertThat(working).as("working days in %d", year).isEqualTo(expected[year - 2023]);
        }
    }
}
