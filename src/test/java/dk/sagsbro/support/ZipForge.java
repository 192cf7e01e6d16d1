package dk.sagsbro.support;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A ZIP archive as a list of mutable header fields, written out byte for byte: tests and generators change any one
 * field of a local header, central record, data descriptor or end record, so that archives which different readers
 * would read differently can be made on purpose. Fields left alone are written as a correct archive would have them.
 */
public final class ZipForge {
    public static final int UNIX_REGULAR = 0100644;
    public static final int UNIX_DIRECTORY = 040755;
    public static final int UNIX_SYMLINK = 0120777;
    public static final int FLAG_UTF8 = 1 << 11;
    public static final int FLAG_DESCRIPTOR = 1 << 3;

    /** One entry; the central fields start as copies of the local ones and may be changed apart from them. */
    public static final class Entry {
        public byte[] name;
        public byte[] content;
        public int method;
        public int flags = FLAG_UTF8;
        public int versionMadeBy = 3 << 8 | 20;
        public long externalAttributes = (long) UNIX_REGULAR << 16;
        public byte[] localExtra = new byte[0];
        public byte[] centralExtra = new byte[0];
        public byte[] comment = new byte[0];
        public boolean descriptorSignature = true;
        /** Written instead of the computed values when set; -1 means "the computed value". */
        public long localCrc = -1;
        public long localCompressedSize = -1;
        public long localSize = -1;
        public long centralCrc = -1;
        public long centralCompressedSize = -1;
        public long centralSize = -1;
        public long centralOffset = -1;
        public int centralFlags = -1;
        public int centralMethod = -1;
        public byte[] centralName;
        public int diskStart;
        public int centralVersionNeeded = 20;
        public boolean inCentralDirectory = true;

        Entry(String name, byte[] content, boolean deflate) {
            this.name = name.getBytes(StandardCharsets.UTF_8);
            this.content = content;
            this.method = deflate ? 8 : 0;
        }

        public String nameText() {
            return new String(name, StandardCharsets.UTF_8);
        }

        public byte[] data() {
            return method == 8 ? deflate(content) : content;
        }

        public long crc() {
            CRC32 crc = new CRC32();
            crc.update(content);
            return crc.getValue();
        }
    }

    public final List<Entry> entries = new ArrayList<>();
    public byte[] prefix = new byte[0];
    public byte[] between = new byte[0];
    public byte[] trailing = new byte[0];
    public byte[] archiveComment = new byte[0];
    public int endDisk;
    public int endEntries = -1;
    public long endCentralSize = -1;
    public long endCentralOffset = -1;
    public boolean zip64End;
    public long zip64Entries = -1;
    public long zip64CentralOffset = -1;
    public long zip64LocatorOffset = -1;

    public Entry stored(String name, byte[] content) {
        return add(new Entry(name, content, false));
    }

    public Entry deflated(String name, byte[] content) {
        return add(new Entry(name, content, true));
    }

    public Entry add(Entry entry) {
        entries.add(entry);
        return entry;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(prefix);
        long[] offsets = new long[entries.size()];
        long[] compressedSizes = new long[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            offsets[i] = out.size();
            byte[] data = e.data();
            compressedSizes[i] = data.length;
            boolean descriptor = (e.flags & FLAG_DESCRIPTOR) != 0;
            ByteBuffer header = little(30 + e.name.length + e.localExtra.length);
            header.putInt(0x04034b50).putShort((short) 20).putShort((short) e.flags).putShort((short) e.method)
                    .putShort((short) 0).putShort((short) 0x21)
                    .putInt((int) pick(e.localCrc, descriptor ? 0 : e.crc()))
                    .putInt((int) pick(e.localCompressedSize, descriptor ? 0 : data.length))
                    .putInt((int) pick(e.localSize, descriptor ? 0 : e.content.length))
                    .putShort((short) e.name.length).putShort((short) e.localExtra.length).put(e.name)
                    .put(e.localExtra);
            out.writeBytes(header.array());
            out.writeBytes(data);
            if (descriptor) {
                ByteBuffer dd = little(16);
                if (e.descriptorSignature) {
                    dd.putInt(0x08074b50);
                }
                dd.putInt((int) e.crc()).putInt(data.length).putInt(e.content.length);
                out.write(dd.array(), 0, dd.position());
            }
            if (i == 0) {
                out.writeBytes(between);
            }
        }
        long centralStart = out.size();
        int listed = 0;
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            if (!e.inCentralDirectory) {
                continue;
            }
            listed++;
            byte[] name = e.centralName != null ? e.centralName : e.name;
            ByteBuffer header = little(46 + name.length + e.centralExtra.length + e.comment.length);
            header.putInt(0x02014b50).putShort((short) e.versionMadeBy).putShort((short) e.centralVersionNeeded)
                    .putShort((short) (e.centralFlags >= 0 ? e.centralFlags : e.flags))
                    .putShort((short) (e.centralMethod >= 0 ? e.centralMethod : e.method)).putShort((short) 0)
                    .putShort((short) 0x21).putInt((int) pick(e.centralCrc, e.crc()))
                    .putInt((int) pick(e.centralCompressedSize, compressedSizes[i]))
                    .putInt((int) pick(e.centralSize, e.content.length)).putShort((short) name.length)
                    .putShort((short) e.centralExtra.length).putShort((short) e.comment.length)
                    .putShort((short) e.diskStart).putShort((short) 0).putInt((int) e.externalAttributes)
                    .putInt((int) pick(e.centralOffset, offsets[i])).put(name).put(e.centralExtra).put(e.comment);
            out.writeBytes(header.array());
        }
        long centralSize = out.size() - centralStart;
        if (zip64End) {
            long recordOffset = out.size();
            ByteBuffer record = little(56 + 20);
            record.putInt(0x06064b50).putLong(44).putShort((short) 45).putShort((short) 45).putInt(0).putInt(0)
                    .putLong(pick(zip64Entries, listed)).putLong(pick(zip64Entries, listed)).putLong(centralSize)
                    .putLong(pick(zip64CentralOffset, centralStart));
            record.putInt(0x07064b50).putInt(0).putLong(pick(zip64LocatorOffset, recordOffset)).putInt(1);
            out.writeBytes(record.array());
        }
        ByteBuffer end = little(22 + archiveComment.length);
        int count = endEntries >= 0 ? endEntries : listed;
        end.putInt(0x06054b50).putShort((short) endDisk).putShort((short) endDisk).putShort((short) count)
                .putShort((short) count).putInt((int) pick(endCentralSize, centralSize))
                .putInt((int) pick(endCentralOffset, centralStart)).putShort((short) archiveComment.length)
                .put(archiveComment);
        out.writeBytes(end.array());
        out.writeBytes(trailing);
        return out.toByteArray();
    }

    /** An extra field area holding one field. */
    public static byte[] extraField(int id, byte[] data) {
        return little(4 + data.length).putShort((short) id).putShort((short) data.length).put(data).array();
    }

    /** The same as a ZIP64 extra field holding the given 64-bit values in order. */
    public static byte[] zip64Field(long... values) {
        ByteBuffer data = little(8 * values.length);
        for (long value : values) {
            data.putLong(value);
        }
        return extraField(0x0001, data.array());
    }

    private static long pick(long override, long computed) {
        return override >= 0 ? override : computed;
    }

    private static ByteBuffer little(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] deflate(byte[] content) {
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
