package dk.sagsbro.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes ZIP files byte by byte, so tests can make containers that java.util.zip refuses to write: duplicate names,
 * symbolic links, unsafe paths, mismatched central directories.
 */
public final class RawZip {
    private static final int UNIX_SYMLINK_MODE = 0120777;
    private static final int UNIX_FILE_MODE = 0100644;

    private record Entry(String name, byte[] content, boolean deflate, int unixMode, long offset, long crc,
            byte[] stored) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<Entry> entries = new ArrayList<>();
    private final List<String> centralNames = new ArrayList<>();
    private boolean omitLastFromCentralDirectory;

    public RawZip stored(String name, byte[] content) {
        return add(name, content, false, UNIX_FILE_MODE);
    }

    public RawZip deflated(String name, byte[] content) {
        return add(name, content, true, UNIX_FILE_MODE);
    }

    public RawZip symlink(String name, String target) {
        return add(name, target.getBytes(StandardCharsets.UTF_8), false, UNIX_SYMLINK_MODE);
    }

    /** The central directory will not list the last entry, as a disagreeing archive would. */
    public RawZip omitLastFromCentralDirectory() {
        omitLastFromCentralDirectory = true;
        return this;
    }

    private RawZip add(String name, byte[] content, boolean deflate, int unixMode) {
        CRC32 crc = new CRC32();
        crc.update(content);
        byte[] stored = deflate ? deflate(content) : content;
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        long offset = out.size();
        ByteBuffer header = little(30);
        header.putInt(0x04034b50).putShort((short) 20).putShort((short) (1 << 11))
                .putShort((short) (deflate ? 8 : 0)).putShort((short) 0).putShort((short) 0x21)
                .putInt((int) crc.getValue()).putInt(stored.length).putInt(content.length)
                .putShort((short) nameBytes.length).putShort((short) 0);
        out.writeBytes(header.array());
        out.writeBytes(nameBytes);
        out.writeBytes(stored);
        entries.add(new Entry(name, content, deflate, unixMode, offset, crc.getValue(), stored));
        return this;
    }

    public byte[] toBytes() {
        long centralStart = out.size();
        List<Entry> listed = omitLastFromCentralDirectory ? entries.subList(0, entries.size() - 1) : entries;
        for (Entry entry : listed) {
            byte[] nameBytes = entry.name().getBytes(StandardCharsets.UTF_8);
            ByteBuffer header = little(46);
            header.putInt(0x02014b50).putShort((short) (3 << 8 | 20)).putShort((short) 20)
                    .putShort((short) (1 << 11)).putShort((short) (entry.deflate() ? 8 : 0)).putShort((short) 0)
                    .putShort((short) 0x21).putInt((int) entry.crc()).putInt(entry.stored().length)
                    .putInt(entry.content().length).putShort((short) nameBytes.length).putShort((short) 0)
                    .putShort((short) 0).putShort((short) 0).putShort((short) 0)
                    .putInt(entry.unixMode() << 16).putInt((int) entry.offset());
            out.writeBytes(header.array());
            out.writeBytes(nameBytes);
        }
        long centralSize = out.size() - centralStart;
        ByteBuffer end = little(22);
        end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) listed.size())
                .putShort((short) listed.size()).putInt((int) centralSize).putInt((int) centralStart)
                .putShort((short) 0);
        out.writeBytes(end.array());
        return out.toByteArray();
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] deflate(byte[] content) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return compressed.toByteArray();
    }

}
