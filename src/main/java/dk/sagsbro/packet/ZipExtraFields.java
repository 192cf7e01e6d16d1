package dk.sagsbro.packet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The extra fields of a ZIP header, parsed strictly. Only fields that change no reader's view of the entry are
 * allowed: ZIP64 sizes (checked against the header by the scanner) and timestamps and Unix owner ids. Fields such as
 * the Info-ZIP Unicode path (0x7075), which some tools honour and others ignore, would give one entry two names.
 */
final class ZipExtraFields {
    static final int ZIP64 = 0x0001;
    private static final int NTFS_TIMES = 0x000a;
    private static final int EXTENDED_TIMESTAMP = 0x5455;
    private static final int UNIX_OWNER = 0x7875;
    private static final Set<Integer> ALLOWED = Set.of(ZIP64, NTFS_TIMES, EXTENDED_TIMESTAMP, UNIX_OWNER);

    private final Map<Integer, byte[]> fields;

    private ZipExtraFields(Map<Integer, byte[]> fields) {
        this.fields = fields;
    }

    /** @throws IllegalArgumentException with the reason, when the area is malformed or holds a field not allowed */
    static ZipExtraFields parse(byte[] area) {
        Map<Integer, byte[]> fields = new LinkedHashMap<>();
        int at = 0;
        while (at < area.length) {
            if (area.length - at < 4) {
                throw new IllegalArgumentException("extra field area ends inside a field header");
            }
            int id = (area[at] & 0xff) | (area[at + 1] & 0xff) << 8;
            int length = (area[at + 2] & 0xff) | (area[at + 3] & 0xff) << 8;
            at += 4;
            if (length > area.length - at) {
                throw new IllegalArgumentException(String.format("extra field 0x%04x runs past its area", id));
            }
            if (!ALLOWED.contains(id)) {
                throw new IllegalArgumentException(String.format("extra field 0x%04x is not allowed", id));
            }
            byte[] data = new byte[length];
            System.arraycopy(area, at, data, 0, length);
            if (fields.put(id, data) != null) {
                throw new IllegalArgumentException(String.format("extra field 0x%04x appears twice", id));
            }
            at += length;
        }
        return new ZipExtraFields(fields);
    }

    Optional<byte[]> zip64() {
        return Optional.ofNullable(fields.get(ZIP64));
    }
}
