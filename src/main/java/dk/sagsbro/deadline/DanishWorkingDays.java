package dk.sagsbro.deadline;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Set;

/**
 * The Danish working-day calendar that day deadlines count on: Monday to Friday except the public holidays (1 January,
 * Maundy Thursday, Good Friday, Easter Sunday and Monday, Ascension Day, Whit Sunday and Monday, 25 and 26 December,
 * and Store Bededag up to and including 2023), and except 5 June (Grundlovsdag), 24 and 31 December, which are not
 * public holidays but are treated as non-working days for deadlines (as forældelsesloven § 27 does).
 */
public final class DanishWorkingDays {
    public static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");
    /** The last year in which Store Bededag was a public holiday. */
    static final int LAST_STORE_BEDEDAG = 2023;
    private static final Set<MonthDay> FIXED_NON_WORKING_DAYS = Set.of(MonthDay.of(1, 1), MonthDay.of(6, 5),
            MonthDay.of(12, 24), MonthDay.of(12, 25), MonthDay.of(12, 26), MonthDay.of(12, 31));

    public boolean isWorkingDay(LocalDate date) {
        DayOfWeek day = date.getDayOfWeek();
        return day != DayOfWeek.SATURDAY && day != DayOfWeek.SUNDAY
                && !FIXED_NON_WORKING_DAYS.contains(MonthDay.from(date)) && !isEasterHoliday(date);
    }

    /**
     * The end of the {@code days}-th working day after the day of {@code event} (that day itself is not counted), at
     * 23:59:59 Danish time.
     */
    public ZonedDateTime deadlineAfter(Instant event, int days) {
        if (days < 1) {
            throw new IllegalArgumentException("a day deadline counts at least one working day");
        }
        LocalDate date = LocalDate.ofInstant(event, DANISH_TIME);
        int counted = 0;
        while (counted < days) {
            date = date.plusDays(1);
            if (isWorkingDay(date)) {
                counted++;
            }
        }
        return ZonedDateTime.of(date, LocalTime.of(23, 59, 59), DANISH_TIME);
    }

    private static boolean isEasterHoliday(LocalDate date) {
        LocalDate easter = easterSunday(date.getYear());
        long offset = date.toEpochDay() - easter.toEpochDay();
        return offset == -3 || offset == -2 || offset == 0 || offset == 1 // Maundy Thursday to Easter Monday
                || offset == 39 // Ascension Day
                || offset == 49 || offset == 50 // Whit Sunday and Monday
                || (offset == 26 && date.getYear() <= LAST_STORE_BEDEDAG); // Store Bededag
    }

    /** Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus). */
    static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
