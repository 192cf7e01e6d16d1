package dk.sagsbro.packet;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;

/** Rules for entry names, so that no name can escape the folder a receiver unpacks into. */
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
        if (name.startsWith("/")) {
            return Optional.of("absolute path");
        }
        if (name.indexOf('\\') >= 0) {
            return Optional.of("backslash in name");
        }
        if (name.length() >= 2 && name.charAt(1) == ':') {
            return Optional.of("drive letter in name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return Optional.of("control character in name");
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
        }
        return Optional.empty();
    }

    /** The key under which two names collide on a case-insensitive or normalising file system. */
    public static String collisionKey(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
    }

    public static boolean isDirectory(String name) {
        return name.endsWith("/");
    }
}
