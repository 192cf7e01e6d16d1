package dk.sagsbro.support;

import java.util.regex.Pattern;

/**
 * Whether a text names a municipality, for the tests that a party never learns of another: the code as a value or
 * a word of its own, not three digits that happen to stand inside a random id, a digest, a time or a size.
 */
public final class Mentions {
    private Mentions() {
    }

    public static boolean municipality(String text, String code) {
        return Pattern.compile("(?<![0-9A-Fa-f.:+-])" + Pattern.quote(code) + "(?![0-9A-Fa-f])").matcher(text).find();
    }
}
