package dk.sagsbro.audit;

/**
 * Caller-supplied text made safe for a log line: control characters (CR and LF above all, which would let a caller
 * write a forged line of its own) and other invisible format characters are shown as escapes, and the text is cut.
 */
public final class LogText {
    static final int MAX_LENGTH = 120;

    private LogText() {
    }

    public static String of(String text) {
        if (text == null) {
            return "(none)";
        }
        StringBuilder safe = new StringBuilder(Math.min(text.length(), MAX_LENGTH) + 8);
        for (int i = 0; i < text.length() && safe.length() < MAX_LENGTH; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                safe.append(String.format("\\u%04x", (int) c));
            } else {
                safe.append(c);
            }
        }
        if (safe.length() >= MAX_LENGTH && text.length() > MAX_LENGTH) {
            safe.append('…');
        }
        return safe.toString();
    }
}
