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

    /**
     * Ten digits, with an optional separator after the sixth, that are not part of a longer number. Letters around
     * them do not matter: "cpr0101901234" holds a CPR number.
     */
    private static final java.util.regex.Pattern CPR_LIKE =
            java.util.regex.Pattern.compile("(?<!\\d)\\d{6}[-\\s./]?\\d{4}(?!\\d)");

    /**
     * The text with everything that looks like a CPR number masked, whether or not its date is valid: for free text
     * an operator sees or types.
     */
    public static String mask(String text) {
        return text == null ? null : CPR_LIKE.matcher(text).replaceAll("******-****");
    }

    /**
     * Whether free text holds anything that reads as a CPR number, also when written with other digit forms
     * (full-width, Arabic-Indic) or compatibility characters: such text is refused rather than stored.
     */
    public static boolean containsCprLike(String text) {
        if (text == null) {
            return false;
        }
        String normalised = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
        StringBuilder asciiDigits = new StringBuilder(normalised.length());
        normalised.codePoints().forEach(c -> {
            int digit = Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER ? Character.digit(c, 10) : -1;
            if (digit >= 0) {
                asciiDigits.append((char) ('0' + digit));
            } else if (Character.getType(c) != Character.FORMAT) {
                asciiDigits.appendCodePoint(c);
            }
        });
        return CPR_LIKE.matcher(asciiDigits).find();
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
