package dk.sagsbro.metadata;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * CPR number rules. The seventh digit gives the century; the modulus-11 check is deliberately not applied, since
 * numbers issued since 1 October 2007 need not pass it.
 */
public final class CprNumbers {
    private CprNumbers() {
    }

    /** The ten digits without the optional hyphen, or empty when the form is wrong. */
    private static final java.util.regex.Pattern CPR_LIKE =
            java.util.regex.Pattern.compile("(?<![\\p{Alnum}])\\d{6}[- ]?\\d{4}(?![\\p{Alnum}])");

    /**
     * The text with everything that looks like a CPR number (ten digits, with or without a hyphen or space after
     * the sixth) masked, whether or not its date is valid: for free text an operator sees or types.
     */
    public static String mask(String text) {
        return text == null ? null : CPR_LIKE.matcher(text).replaceAll("******-****");
    }

    public static Optional<String> digits(String cpr) {
        if (cpr == null) {
            return Optional.empty();
        }
        String digits = cpr.length() == 11 && cpr.charAt(6) == '-' ? cpr.substring(0, 6) + cpr.substring(7) : cpr;
        return digits.matches("\\d{10}") ? Optional.of(digits) : Optional.empty();
    }

    public static Optional<LocalDate> birthDate(String cpr) {
        return digits(cpr).flatMap(d -> {
            int day = Integer.parseInt(d.substring(0, 2));
            int month = Integer.parseInt(d.substring(2, 4));
            int yearInCentury = Integer.parseInt(d.substring(4, 6));
            int centuryDigit = d.charAt(6) - '0';
            try {
                return Optional.of(LocalDate.of(century(centuryDigit, yearInCentury) + yearInCentury, month, day));
            } catch (DateTimeException e) {
                return Optional.empty();
            }
        });
    }

    /** The CPR office's table from the seventh digit and the two-digit year to the century. */
    static int century(int seventhDigit, int yearInCentury) {
        return switch (seventhDigit) {
            case 0, 1, 2, 3 -> 1900;
            case 4, 9 -> yearInCentury <= 36 ? 2000 : 1900;
            default -> yearInCentury <= 57 ? 2000 : 1800;
        };
    }
}
