package dk.sagsbro.packet;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads a ZIP container in one forward pass, as it arrives, without holding it in memory: it checks entry names,
 * enforces the {@link PacketLimits} while inflating, digests every entry, keeps only the small metadata entries,
 * copies every byte it reads to {@code copy} (the payload store) and digests the packet as a whole. The central
 * directory at the end is checked against the entries already seen, so a container cannot show one set of files to
 * a streaming reader and another to a random-access one.
 */
public final class ContainerScanner {
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int DATA_DESCRIPTOR = 0x08074b50;
    private static final int METHOD_STORED = 0;
    private static final int METHOD_DEFLATED = 8;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    private static final long U32_MAX = 0xFFFFFFFFL;
    private static final int UNIX_HOST = 3;
    private static final int UNIX_FILE_TYPE_MASK = 0170000;
    private static final int UNIX_SYMLINK = 0120000;

    private static final long MAX_KEPT_MIMETYPE = 256;
    private static final long MAX_KEPT_CASE_METADATA = 16L << 20;
    private static final long MAX_KEPT_META_INF = 4L << 20;

    private final PacketLimits limits;

    public ContainerScanner(PacketLimits limits) {
        this.limits = limits;
    }

    public ScannedContainer scan(InputStream source, OutputStream copy) throws IOException {
        return scan(source, copy, EnumSet.of(DigestAlgorithm.SHA256));
    }

    public ScannedContainer scan(InputStream source, OutputStream copy, Set<DigestAlgorithm> algorithms)
            throws IOException {
        return new Pass(new CountingInput(source, copy, limits.maxPacketBytes()), algorithms).run();
    }

    /** The bound on how much of an entry is kept in memory, or -1 when the entry is only digested. */
    static long keepLimit(String name) {
        if (name.equals("mimetype")) {
            return MAX_KEPT_MIMETYPE;
        }
        if (name.equals("case.json")) {
            return MAX_KEPT_CASE_METADATA;
        }
        if (name.startsWith("META-INF/")) {
            return MAX_KEPT_META_INF;
        }
        return -1;
    }

    /** Thrown to end a pass at a problem after which nothing further can be read reliably. */
    private static final class Fatal extends Exception {
        private final transient Problem problem;

        Fatal(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    private record LocalEntry(String name, int method, long crc, long compressedSize, long size) {
    }

    private final class Pass {
        private final CountingInput in;
        private final Set<DigestAlgorithm> algorithms;
        private final byte[] buffer = new byte[1 << 16];
        private final byte[] inflated = new byte[1 << 16];
        private int position;
        private int limit;
        private final List<ScannedEntry> entries = new ArrayList<>();
        private final List<LocalEntry> localEntries = new ArrayList<>();
        private final Map<String, byte[]> kept = new LinkedHashMap<>();
        private final Set<String> collisionKeys = new HashSet<>();
        private final List<Problem> problems = new ArrayList<>();
        private long totalUncompressed;

        Pass(CountingInput in, Set<DigestAlgorithm> algorithms) {
            this.in = in;
            this.algorithms = algorithms;
        }

        ScannedContainer run() throws IOException {
            boolean complete;
            try {
                readEntries();
                readCentralDirectory();
                complete = true;
            } catch (Fatal fatal) {
                problems.add(fatal.problem);
                complete = false;
            }
            return new ScannedContainer(List.copyOf(entries), Map.copyOf(kept), in.digestHex(), in.count(),
                    List.copyOf(problems), complete);
        }

        private void readEntries() throws IOException, Fatal {
            int signature = peekSignature();
            if (signature != LOCAL_HEADER) {
                throw malformed(null, "the container does not start with a ZIP entry");
            }
            while (signature == LOCAL_HEADER) {
                position += 4;
                readEntry();
                signature = peekSignature();
            }
            if (signature != CENTRAL_HEADER && signature != END_OF_CENTRAL_DIRECTORY) {
                throw malformed(null, String.format("unexpected record 0x%08x after the entries", signature));
            }
        }

        private void readEntry() throws IOException, Fatal {
            require(26);
            position += 2; // version needed
            int flags = u16();
            int method = u16();
            position += 4; // time, date
            long crc = u32();
            long compressedSize = u32();
            long size = u32();
            int nameLength = u16();
            int extraLength = u16();
            byte[] nameBytes = readBytes(nameLength);
            byte[] extra = readBytes(extraLength);
            String name = decodeName(nameBytes);

            if (localEntries.size() >= limits.maxEntries()) {
                throw new Fatal(Problem.of(ProblemType.TOO_MANY_ENTRIES,
                        "more than " + limits.maxEntries() + " entries"));
            }
            if ((flags & FLAG_ENCRYPTED) != 0) {
                throw malformed(name, "encrypted entries are not supported");
            }
            if (method != METHOD_STORED && method != METHOD_DEFLATED) {
                throw malformed(name, "compression method " + method + " is not supported (use stored or deflated)");
            }
            boolean zip64 = false;
            if (compressedSize == U32_MAX || size == U32_MAX) {
                long[] sizes = zip64Sizes(extra, size, compressedSize);
                size = sizes[0];
                compressedSize = sizes[1];
                zip64 = true;
            }
            boolean descriptor = (flags & FLAG_DATA_DESCRIPTOR) != 0;
            if (descriptor && method == METHOD_STORED) {
                throw malformed(name, "a stored entry with a data descriptor cannot be read as a stream");
            }

            boolean recordable = checkName(name);
            EntrySink sink = new EntrySink(recordable ? keepLimit(name) : -1);
            long consumed = method == METHOD_STORED ? copyStored(name, compressedSize, sink) : inflate(name, sink);
            long actualSize = sink.size;
            long actualCrc = sink.crc.getValue();
            if (descriptor) {
                require(4);
                if (signatureAt(position) == DATA_DESCRIPTOR) {
                    position += 4;
                }
                crc = u32();
                boolean wide = zip64 || consumed >= U32_MAX || actualSize >= U32_MAX;
                compressedSize = wide ? u64() : u32();
                size = wide ? u64() : u32();
            }
            if (consumed != compressedSize || actualSize != size || actualCrc != crc) {
                throw malformed(name, "entry sizes or CRC do not match its header");
            }
            localEntries.add(new LocalEntry(name, method, crc, compressedSize, size));
            if (recordable && !EntryNames.isDirectory(name)) {
                entries.add(new ScannedEntry(name, method == METHOD_STORED, size, sink.digests()));
                if (sink.keptBytes != null) {
                    kept.put(name, sink.keptBytes.toByteArray());
                } else if (sink.keepLimit >= 0) {
                    problems.add(Problem.ofEntry(ProblemType.ENTRY_TOO_LARGE, name,
                            "metadata entry larger than " + sink.keepLimit + " bytes"));
                }
            }
        }

        /** @return whether the entry may be recorded; problems for unsafe or duplicate names are noted. */
        private boolean checkName(String name) {
            var unsafe = EntryNames.whyUnsafe(name);
            if (unsafe.isPresent()) {
                problems.add(Problem.ofEntry(ProblemType.ENTRY_NAME_UNSAFE, name, unsafe.get()));
                return false;
            }
            if (!collisionKeys.add(EntryNames.collisionKey(name))) {
                problems.add(Problem.ofEntry(ProblemType.ENTRY_DUPLICATE, name,
                        "another entry has this name (compared without case)"));
                return false;
            }
            return true;
        }

        private long copyStored(String name, long length, EntrySink sink) throws IOException, Fatal {
            long remaining = length;
            while (remaining > 0) {
                if (position == limit) {
                    fill();
                }
                int n = (int) Math.min(remaining, limit - position);
                sink.accept(buffer, position, n);
                position += n;
                remaining -= n;
                checkSize(name, sink.size, length);
            }
            return length;
        }

        private long inflate(String name, EntrySink sink) throws IOException, Fatal {
            Inflater inflater = new Inflater(true);
            try {
                while (!inflater.finished()) {
                    if (inflater.needsInput()) {
                        if (position == limit) {
                            fill();
                        }
                        inflater.setInput(buffer, position, limit - position);
                        position = limit;
                    }
                    int n = inflater.inflate(inflated);
                    if (n > 0) {
                        sink.accept(inflated, 0, n);
                        checkSize(name, sink.size, inflater.getBytesRead());
                    } else if (inflater.needsDictionary()) {
                        throw malformed(name, "deflate stream needs a preset dictionary");
                    }
                }
                position -= inflater.getRemaining();
                return inflater.getBytesRead();
            } catch (DataFormatException e) {
                throw malformed(name, "corrupt deflate data");
            } finally {
                inflater.end();
            }
        }

        private void checkSize(String name, long size, long compressed) throws Fatal {
            if (size > limits.maxEntryBytes()) {
                throw new Fatal(Problem.ofEntry(ProblemType.ENTRY_TOO_LARGE, name,
                        "larger than " + limits.maxEntryBytes() + " bytes uncompressed"));
            }
            if (size > limits.ratioThresholdBytes() && size > limits.maxCompressionRatio() * Math.max(1, compressed)) {
                throw new Fatal(Problem.ofEntry(ProblemType.COMPRESSION_RATIO_EXCEEDED, name,
                        "expands more than " + limits.maxCompressionRatio() + " times"));
            }
        }

        private void readCentralDirectory() throws IOException, Fatal {
            int index = 0;
            while (peekSignature() == CENTRAL_HEADER) {
                position += 4;
                require(42);
                int madeBy = u16();
                position += 2; // version needed
                position += 2; // flags
                int method = u16();
                position += 4; // time, date
                long crc = u32();
                long compressedSize = u32();
                long size = u32();
                int nameLength = u16();
                int extraLength = u16();
                int commentLength = u16();
                position += 4; // disk, internal attributes
                long externalAttributes = u32();
                position += 4; // local header offset
                String name = decodeName(readBytes(nameLength));
                skip(extraLength + (long) commentLength);
                if (index >= localEntries.size() || !localEntries.get(index).name().equals(name)) {
                    throw malformed(name, "the central directory lists entries the container does not hold in order");
                }
                LocalEntry local = localEntries.get(index);
                boolean sizesAgree = (compressedSize == U32_MAX || compressedSize == local.compressedSize())
                        && (size == U32_MAX || size == local.size());
                if (method != local.method() || crc != local.crc() || !sizesAgree) {
                    throw malformed(name, "the central directory disagrees with the entry header");
                }
                int unixMode = (int) (externalAttributes >>> 16);
                if ((madeBy >> 8) == UNIX_HOST && (unixMode & UNIX_FILE_TYPE_MASK) == UNIX_SYMLINK) {
                    problems.add(Problem.ofEntry(ProblemType.ENTRY_SYMLINK, name, "symbolic links are not allowed"));
                    entries.removeIf(e -> e.name().equals(name));
                    kept.remove(name);
                }
                index++;
            }
            if (index != localEntries.size()) {
                throw malformed(null, "the central directory lists " + index + " of " + localEntries.size()
                        + " entries");
            }
            if (peekSignature() == ZIP64_END_OF_CENTRAL_DIRECTORY) {
                position += 4;
                skip(u64());
            }
            if (peekSignature() == ZIP64_LOCATOR) {
                position += 4;
                skip(16);
            }
            if (peekSignature() != END_OF_CENTRAL_DIRECTORY) {
                throw malformed(null, "end of central directory record missing");
            }
            position += 4;
            require(18);
            position += 16;
            skip(u16());
            if (available() > 0 || in.read(buffer, 0, 1) != -1) {
                throw malformed(null, "data after the end of the archive");
            }
        }

        private long[] zip64Sizes(byte[] extra, long size, long compressedSize) throws Fatal {
            ByteBuffer fields = ByteBuffer.wrap(extra).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            while (fields.remaining() >= 4) {
                int id = Short.toUnsignedInt(fields.getShort());
                int length = Short.toUnsignedInt(fields.getShort());
                if (length > fields.remaining()) {
                    break;
                }
                if (id == 0x0001) {
                    long zipSize = size == U32_MAX && length >= 8 ? fields.getLong() : size;
                    long zipCompressed = compressedSize == U32_MAX && length >= 16 ? fields.getLong() : compressedSize;
                    return new long[] {zipSize, zipCompressed};
                }
                fields.position(fields.position() + length);
            }
            throw malformed(null, "ZIP64 sizes announced but no ZIP64 extra field");
        }

        private String decodeName(byte[] bytes) throws Fatal {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new Fatal(Problem.of(ProblemType.ENTRY_NAME_UNSAFE, "an entry name is not valid UTF-8"));
            }
        }

        private Fatal malformed(String entry, String detail) {
            return new Fatal(Problem.ofEntry(ProblemType.ZIP_MALFORMED, entry, detail));
        }

        private int available() {
            return limit - position;
        }

        /** Reads more bytes into the buffer, keeping the unread ones; fails at the end of the stream. */
        private void fill() throws IOException, Fatal {
            if (position > 0) {
                System.arraycopy(buffer, position, buffer, 0, limit - position);
                limit -= position;
                position = 0;
            }
            int n;
            try {
                n = in.read(buffer, limit, buffer.length - limit);
            } catch (PacketTooLargeException e) {
                throw new Fatal(Problem.of(ProblemType.PACKET_TOO_LARGE,
                        "larger than " + limits.maxPacketBytes() + " bytes"));
            }
            if (n < 0) {
                throw malformed(null, "the container ends too early");
            }
            limit += n;
        }

        private void require(int n) throws IOException, Fatal {
            while (available() < n) {
                fill();
            }
        }

        private int peekSignature() throws IOException, Fatal {
            require(4);
            return signatureAt(position);
        }

        private int signatureAt(int at) {
            return (buffer[at] & 0xff) | (buffer[at + 1] & 0xff) << 8 | (buffer[at + 2] & 0xff) << 16
                    | (buffer[at + 3] & 0xff) << 24;
        }

        private int u16() throws IOException, Fatal {
            require(2);
            int value = (buffer[position] & 0xff) | (buffer[position + 1] & 0xff) << 8;
            position += 2;
            return value;
        }

        private long u32() throws IOException, Fatal {
            require(4);
            long value = signatureAt(position) & U32_MAX;
            position += 4;
            return value;
        }

        private long u64() throws IOException, Fatal {
            long low = u32();
            long high = u32();
            return low | high << 32;
        }

        private byte[] readBytes(int n) throws IOException, Fatal {
            byte[] bytes = new byte[n];
            int copied = 0;
            while (copied < n) {
                if (position == limit) {
                    fill();
                }
                int chunk = Math.min(n - copied, limit - position);
                System.arraycopy(buffer, position, bytes, copied, chunk);
                position += chunk;
                copied += chunk;
            }
            return bytes;
        }

        private void skip(long n) throws IOException, Fatal {
            long remaining = n;
            while (remaining > 0) {
                if (position == limit) {
                    fill();
                }
                int chunk = (int) Math.min(remaining, limit - position);
                position += chunk;
                remaining -= chunk;
            }
        }

        /** Where an entry's uncompressed bytes go: its CRC, its digests and, for metadata, a bounded copy. */
        private final class EntrySink {
            final CRC32 crc = new CRC32();
            final Map<DigestAlgorithm, MessageDigest> digests = new HashMap<>();
            final long keepLimit;
            ByteArrayOutputStream keptBytes;
            long size;

            EntrySink(long keepLimit) {
                this.keepLimit = keepLimit;
                for (DigestAlgorithm algorithm : algorithms) {
                    digests.put(algorithm, algorithm.newDigest());
                }
                if (keepLimit >= 0) {
                    keptBytes = new ByteArrayOutputStream();
                }
            }

            void accept(byte[] bytes, int offset, int length) throws Fatal {
                crc.update(bytes, offset, length);
                for (MessageDigest digest : digests.values()) {
                    digest.update(bytes, offset, length);
                }
                size += length;
                totalUncompressed += length;
                if (totalUncompressed > limits.maxTotalUncompressedBytes()) {
                    throw new Fatal(Problem.of(ProblemType.PACKET_TOO_LARGE,
                            "more than " + limits.maxTotalUncompressedBytes() + " bytes uncompressed"));
                }
                if (keptBytes != null) {
                    if (size > keepLimit) {
                        keptBytes = null;
                    } else {
                        keptBytes.write(bytes, offset, length);
                    }
                }
            }

            Map<String, byte[]> digests() {
                Map<String, byte[]> result = new HashMap<>();
                digests.forEach((algorithm, digest) -> result.put(algorithm.jcaName(), digest.digest()));
                return result;
            }
        }
    }

    /** Signals that the stream went past {@link PacketLimits#maxPacketBytes()}. */
    static final class PacketTooLargeException extends IOException {
        PacketTooLargeException() {
            super("packet too large");
        }
    }

    /** Counts, digests and copies every byte read from the source. */
    private static final class CountingInput extends InputStream {
        private final InputStream source;
        private final OutputStream copy;
        private final long maxBytes;
        private final MessageDigest digest = DigestAlgorithm.SHA256.newDigest();
        private long count;

        CountingInput(InputStream source, OutputStream copy, long maxBytes) {
            this.source = source;
            this.copy = copy;
            this.maxBytes = maxBytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            int n = source.read(bytes, offset, length);
            if (n > 0) {
                count += n;
                if (count > maxBytes) {
                    throw new PacketTooLargeException();
                }
                digest.update(bytes, offset, n);
                copy.write(bytes, offset, n);
            }
            return n;
        }

        long count() {
            return count;
        }

        String digestHex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
