package dk.sagsbro.packet;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** Rules for entry names, so that no name can escape the folder a receiver unpacks into, or mean two files. */
public final class EntryNames {
    public static final int MAX_NAME_LENGTH = 512;

    private EntryNames() {
    }

    /** @return why the name is unsafe, or empty when it is safe. */
    public static Optional<String> whyUnsafe(String name) {
        if (name.isEmpty()) {
            return Optional.of("empty name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            return Optional.of("name longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (!Normalizer.isNormalized(name, Normalizer.Form.NFC)) {
            return Optional.of("name not in Unicode normal form C");
        }
        if (name.startsWith("/")) {
            return Optional.of("absolute path");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("backslash in name");
        }
        if (name.indexOf(':') >= 0) {
            return Optional.of("colon in name (drive letter or alternate data stream)");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                    || Character.getType(c) == Character.UNASSIGNED) {
                return Optional.of("control, format or unassigned character in name");
            }
        }
        String withoutTrailingSlash = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
        for (String segment : withoutTrailingSlash.split("/", -1)) {
            if (segment.isEmpty()) {
                return Optional.of("empty path segment");
            }
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("'" + segment + "' path segment");
            }
            if (segment.endsWith(".") || segment.endsWith(" ")) {
                return Optional.of("path segment ending in a dot or space (Windows drops it)");
            }
        }
        return Optional.empty();
    }

    /**
     * The key under which two names collide on a case-insensitive or normalising file system: NFC, then full case
     * folding (upper then lower case in the root locale maps ß to ss and ligatures to their letters), then NFC again.
     */
    public static String collisionKey(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFC).toUpperCase(Locale.ROOT)
                .toLowerCase(Locale.ROOT);
        return Normalizer.normalize(folded, Normalizer.Form.NFC);
    }

    public static boolean isDirectory(String name) {
        return name.endsWith("/");
    }
}
