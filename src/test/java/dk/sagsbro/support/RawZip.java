package dk.sagsbro.support;

import java.nio.charset.StandardCharsets;

/**
 * Writes ZIP files byte by byte, so tests can make containers that java.util.zip refuses to write: duplicate names,
 * symbolic links, unsafe paths, mismatched central directories. {@link #forge()} reaches every header field.
 */
public final class RawZip {
    private final ZipForge forge = new ZipForge();

    public RawZip stored(String name, byte[] content) {
        forge.stored(name, content);
        return this;
    }

    public RawZip deflated(String name, byte[] content) {
        forge.deflated(name, content);
        return this;
    }

    public RawZip symlink(String name, String target) {
        forge.stored(name, target.getBytes(StandardCharsets.UTF_8)).externalAttributes =
                (long) ZipForge.UNIX_SYMLINK << 16;
        return this;
    }

    /** The central directory will not list the last entry, as a disagreeing archive would. */
    public RawZip omitLastFromCentralDirectory() {
        forge.entries.get(forge.entries.size() - 1).inCentralDirectory = false;
        return this;
    }

    /** The archive's fields, to change any of them before {@link #toBytes()}. */
    public ZipForge forge() {
        return forge;
    }

    /** The first entry of this name. */
    public ZipForge.Entry entry(String name) {
        return forge.entries.stream().filter(e -> e.nameText().equals(name)).findFirst().orElseThrow();
    }

    public byte[] toBytes() {
        return forge.toBytes();
    }
}
