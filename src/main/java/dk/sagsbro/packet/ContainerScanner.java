package dk.sagsbro.packet;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
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
 * copies every byte it reads to {@code copy} (the payload store) and digests the packet as a whole.
 *
 * <p>A container is accepted only when every ZIP reader, streaming or random-access, must see the same entries with
 * the same bytes (decision 0006): the central directory repeats each local header exactly (offset, flags, method,
 * CRC, sizes, name), the end records count and locate exactly what was streamed, nothing follows them, there are no
 * comments, extra fields come from an allow-list, and every entry is a regular file or a folder whatever system made
 * it.
 */
public final class ContainerScanner {
    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    private static final int ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
    private static final int ZIP64_LOCATOR = 0x07064b50;
    private static final int DATA_DESCRIPTOR = 0x08074b50;
    private static final int ZIP64_END_RECORD_SIZE = 44;
    private static final int MAX_VERSION_NEEDED = 45;
    private static final int METHOD_STORED = 0;
    private static final int METHOD_DEFLATED = 8;
    private static final int FLAG_ENCRYPTED = 1;
    private static final int FLAG_DEFLATE_OPTIONS = 0b110;
    private static final int FLAG_DATA_DESCRIPTOR = 1 << 3;
    private static final int FLAG_STRONG_ENCRYPTION = 1 << 6;
    private static final int FLAG_UTF8 = 1 << 11;
    private static final int FLAG_MASKED_HEADERS = 1 << 13;
    private static final int FLAGS_UNDERSTOOD = FLAG_ENCRYPTED | FLAG_DEFLATE_OPTIONS | FLAG_DATA_DESCRIPTOR
            | FLAG_STRONG_ENCRYPTION | FLAG_UTF8 | FLAG_MASKED_HEADERS;
    private static final long U32_MAX = 0xFFFFFFFFL;
    private static final int U16_MAX = 0xFFFF;
    private static final int UNIX_FILE_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;
    private static final int UNIX_SYMLINK = 0120000;
    private static final int DOS_DIRECTORY = 0x10;
    private static final int DOS_REPARSE_POINT = 0x400;

    /** Host systems (FAT, HPFS, Info-ZIP's NTFS) whose names Info-ZIP unzip converts from an OEM code page. */
    private static final Set<Integer> OEM_CODE_PAGE_HOSTS = Set.of(0, 6, 11);

    private static final long MAX_KEPT_MIMETYPE = 256;
    private static final long MAX_KEPT_CASE_METADATA = 4L << 20;
    private static final long MAX_KEPT_SIGNATURE_FILE = 1L << 20;

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

    /**
     * The bound on how much of an entry is kept in memory, or -1 when the entry is only digested: the mimetype,
     * case.json, and the ASiC manifests and signatures, which are all the verifier reads.
     */
    static long keepLimit(String name) {
        if (name.equals("mimetype")) {
            return MAX_KEPT_MIMETYPE;
        }
        if (name.equals("case.json")) {
            return MAX_KEPT_CASE_METADATA;
        }
        if (isSignatureFile(name)) {
            return MAX_KEPT_SIGNATURE_FILE;
        }
        return -1;
    }

    /** An ASiC-E manifest or CAdES signature in META-INF/, the only META-INF files a packet may carry. */
    public static boolean isSignatureFile(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return (name.startsWith("META-INF/ASiCManifest") && name.endsWith(".xml")) || name.endsWith(".p7s");
    }

    /** Thrown to end a pass at a problem after which nothing further can be read reliably. */
    private static final class Fatal extends Exception {
        private final transient Problem problem;

        Fatal(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    /** What the local header and the bytes behind it said about one entry, to hold the central directory to. */
    private record LocalEntry(long offset, byte[] nameBytes, String name, int flags, int method, long crc,
            long compressedSize, long size) {
    }

    private record HeaderFields(int versionNeeded, int flags, int method, long crc, long compressedSize, long size,
            int nameLength, int extraLength) {
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
        private long totalKept;

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

        /** Where the next unread byte sits in the container. */
        private long offset() {
            return in.count() - available();
        }

        private void readEntries() throws IOException, Fatal {
            if (peekSignature() != LOCAL_HEADER) {
                throw malformed(null, "the container does not start with a ZIP entry");
            }
            while (peekSignature() == LOCAL_HEADER) {
                long headerOffset = offset();
                position += 4;
                readEntry(headerOffset);
            }
            int signature = peekSignature();
            if (signature != CENTRAL_HEADER) {
                throw malformed(null, String.format("unexpected record 0x%08x after the entries", signature));
            }
        }

        private void readEntry(long headerOffset) throws IOException, Fatal {
            require(26);
            HeaderFields header = headerFields();
            int versionNeeded = header.versionNeeded();
            int flags = header.flags();
            int method = header.method();
            long crc = header.crc();
            long compressedSize = header.compressedSize();
            long size = header.size();
            int nameLength = header.nameLength();
            int extraLength = header.extraLength();
            if (localEntries.size() >= limits.maxEntries()) {
                throw new Fatal(Problem.of(ProblemType.TOO_MANY_ENTRIES,
                        "more than " + limits.maxEntries() + " entries"));
            }
            byte[] nameBytes = readName(nameLength);
            String name = decodeName(nameBytes, flags);
            ZipExtraFields extra = extraFields(name, readBytes(extraLength));
            checkVersionNeeded(name, versionNeeded);

            if ((flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION | FLAG_MASKED_HEADERS)) != 0) {
                throw new Fatal(Problem.ofEntry(ProblemType.ENTRY_ENCRYPTED, name, "encrypted entries are not allowed"));
            }
            if ((flags & ~FLAGS_UNDERSTOOD) != 0) {
                throw ambiguous(name, String.format("general purpose flags 0x%04x are not allowed", flags));
            }
            if (method != METHOD_STORED && method != METHOD_DEFLATED) {
                throw malformed(name, "compression method " + method + " is not supported (use stored or deflated)");
            }
            if (method == METHOD_STORED && (flags & FLAG_DEFLATE_OPTIONS) != 0) {
                throw ambiguous(name, "deflate option flags on a stored entry");
            }
            boolean descriptor = (flags & FLAG_DATA_DESCRIPTOR) != 0;
            if (descriptor && method == METHOD_STORED) {
                throw malformed(name, "a stored entry with a data descriptor cannot be read as a stream");
            }
            if (descriptor && (crc != 0 || compressedSize != 0 || size != 0 || extra.zip64().isPresent())) {
                throw ambiguous(name, "an entry with a data descriptor must leave CRC and sizes in its header zero");
            }
            if (!descriptor) {
                long[] sizes = localZip64Sizes(name, extra, size, compressedSize);
                size = sizes[0];
                compressedSize = sizes[1];
            }

            boolean recordable = checkName(name);
            boolean directory = EntryNames.isDirectory(name);
            EntrySink sink = new EntrySink(recordable && !directory ? keepLimit(name) : -1);
            long consumed = method == METHOD_STORED ? copyStored(name, compressedSize, sink) : inflate(name, sink);
            long actualSize = sink.size;
            long actualCrc = sink.crc.getValue();
            if (descriptor) {
                if (peekSignature() != DATA_DESCRIPTOR) {
                    throw ambiguous(name, "a data descriptor must start with its signature");
                }
                position += 4;
                if (consumed == U32_MAX || actualSize == U32_MAX) {
                    throw ambiguous(name, "an entry of exactly 4 GiB - 1 bytes has no unambiguous data descriptor");
                }
                boolean wide = consumed > U32_MAX || actualSize > U32_MAX;
                crc = u32();
                compressedSize = wide ? u64() : u32();
                size = wide ? u64() : u32();
            }
            if (consumed != compressedSize || actualSize != size || actualCrc != crc) {
                throw malformed(name, "entry sizes or CRC do not match its header");
            }
            if (directory && size != 0) {
                throw new Fatal(Problem.ofEntry(ProblemType.ENTRY_NOT_REGULAR, name, "a folder entry with content"));
            }
            localEntries.add(new LocalEntry(headerOffset, nameBytes, name, flags, method, crc, compressedSize, size));
            if (recordable && !directory) {
                entries.add(new ScannedEntry(name, method == METHOD_STORED, size, sink.digests()));
                if (sink.keptBytes != null) {
                    kept.put(name, sink.keptBytes.toByteArray());
                } else if (sink.keepLimit >= 0) {
                    problems.add(Problem.ofEntry(ProblemType.ENTRY_TOO_LARGE, name,
                            "metadata entry larger than " + sink.keepLimit + " bytes"));
                }
            }
        }

        /** The run of fields a local header and a central record share, in the same order. */
        private HeaderFields headerFields() throws IOException, Fatal {
            int versionNeeded = u16();
            int flags = u16();
            int method = u16();
            position += 4; // time, date: no reader's view of the content depends on them
            return new HeaderFields(versionNeeded, flags, method, u32(), u32(), u32(), u16(), u16());
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
                        "another entry has this name once normalised and compared without case"));
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
            if (exceedsRatio(size, compressed)) {
                throw new Fatal(Problem.ofEntry(ProblemType.COMPRESSION_RATIO_EXCEEDED, name,
                        "expands more than " + limits.maxCompressionRatio() + " times"));
            }
            if (exceedsRatio(totalUncompressed, in.count())) {
                throw new Fatal(Problem.of(ProblemType.COMPRESSION_RATIO_EXCEEDED,
                        "the packet as a whole expands more than " + limits.maxCompressionRatio() + " times"));
            }
        }

        private boolean exceedsRatio(long expanded, long compressed) {
            return expanded > limits.ratioThresholdBytes()
                    && expanded > limits.maxCompressionRatio() * Math.max(1, compressed);
        }

        private void readCentralDirectory() throws IOException, Fatal {
            long centralStart = offset();
            int index = 0;
            while (peekSignature() == CENTRAL_HEADER) {
                if (index >= localEntries.size()) {
                    throw ambiguous(null, "the central directory lists more entries than the container holds");
                }
                readCentralRecord(localEntries.get(index));
                index++;
            }
            if (index != localEntries.size()) {
                throw ambiguous(null, "the central directory lists " + index + " of " + localEntries.size()
                        + " entries");
            }
            long centralSize = offset() - centralStart;
            boolean zip64 = false;
            if (peekSignature() == ZIP64_END_OF_CENTRAL_DIRECTORY) {
                readZip64End(centralStart, centralSize);
                zip64 = true;
            }
            if (peekSignature() != END_OF_CENTRAL_DIRECTORY) {
                throw malformed(null, "end of central directory record missing");
            }
            position += 4;
            require(18);
            int disk = u16();
            int centralDisk = u16();
            int entriesOnDisk = u16();
            int totalEntries = u16();
            long declaredSize = u32();
            long declaredOffset = u32();
            int commentLength = u16();
            if (!fits(disk, 0, U16_MAX, zip64) || !fits(centralDisk, 0, U16_MAX, zip64)) {
                throw ambiguous(null, "the end record names another disk; split archives are not supported");
            }
            if (!fits(entriesOnDisk, index, U16_MAX, zip64) || !fits(totalEntries, index, U16_MAX, zip64)
                    || !fits(declaredSize, centralSize, U32_MAX, zip64)
                    || !fits(declaredOffset, centralStart, U32_MAX, zip64)) {
                throw ambiguous(null, "the end record's entry count, directory size or offset differ from the "
                        + "container");
            }
            if (commentLength != 0) {
                throw ambiguous(null, "archive comments are not allowed");
            }
            if (available() > 0 || in.read(buffer, 0, 1) != -1) {
                throw ambiguous(null, "data after the end of the archive");
            }
        }

        /**
         * An end-record field must hold the streamed value; where a ZIP64 end record exists it may instead hold the
         * "see ZIP64" marker. Without one the marker would send readers looking for a record that is not there.
         */
        private boolean fits(long declared, long actual, long marker, boolean zip64) {
            return declared == marker ? zip64 : declared == actual;
        }

        private void readCentralRecord(LocalEntry local) throws IOException, Fatal {
            position += 4;
            require(42);
            int madeBy = u16();
            HeaderFields header = headerFields();
            long compressedSize = header.compressedSize();
            long size = header.size();
            int commentLength = u16();
            int diskStart = u16();
            position += 2; // internal attributes
            long externalAttributes = u32();
            long headerOffset = u32();
            byte[] nameBytes = readName(header.nameLength());
            String name = local.name();
            if (!Arrays.equals(nameBytes, local.nameBytes())) {
                throw ambiguous(name, "the central directory names the entry differently or lists entries in "
                        + "another order");
            }
            ZipExtraFields extra = extraFields(name, readBytes(header.extraLength()));
            checkVersionNeeded(name, header.versionNeeded());
            if (commentLength != 0) {
                throw ambiguous(name, "entry comments are not allowed");
            }
            ByteBuffer zip64 = ByteBuffer.wrap(extra.zip64().orElse(new byte[0])).order(ByteOrder.LITTLE_ENDIAN);
            size = size == U32_MAX ? zip64Value(name, zip64) : size;
            compressedSize = compressedSize == U32_MAX ? zip64Value(name, zip64) : compressedSize;
            headerOffset = headerOffset == U32_MAX ? zip64Value(name, zip64) : headerOffset;
            if (diskStart == U16_MAX) {
                if (zip64.remaining() < 4) {
                    throw ambiguous(name, "ZIP64 disk number announced but missing");
                }
                diskStart = zip64.getInt();
            }
            if (zip64.hasRemaining() || (extra.zip64().isPresent() && zip64.capacity() == 0)) {
                throw ambiguous(name, "the ZIP64 extra field holds values its header does not announce");
            }
            if (diskStart != 0) {
                throw ambiguous(name, "the entry is said to start on another disk");
            }
            if (headerOffset != local.offset()) {
                throw ambiguous(name, "the central directory points at another local header than the entry's");
            }
            if (header.flags() != local.flags() || header.method() != local.method()) {
                throw ambiguous(name, "the central directory's flags or method differ from the entry header");
            }
            if (header.crc() != local.crc() || compressedSize != local.compressedSize() || size != local.size()) {
                throw ambiguous(name, "the central directory's CRC or sizes differ from the entry");
            }
            checkFileType(name, externalAttributes);
            if (OEM_CODE_PAGE_HOSTS.contains(madeBy >> 8) && !isAscii(nameBytes)) {
                throw ambiguous(name, "a name outside ASCII from a DOS or OS/2 host system, which unzip decodes as a "
                        + "code page whatever the UTF-8 flag says; use ASCII names or another host system");
            }
        }

        /** Tools skip an entry that claims to need a later ZIP version than they implement (4.5 adds ZIP64). */
        private void checkVersionNeeded(String name, int versionNeeded) throws Fatal {
            if ((versionNeeded & 0xff) > MAX_VERSION_NEEDED) {
                throw ambiguous(name, "the entry claims to need ZIP version " + (versionNeeded & 0xff) / 10 + "."
                        + (versionNeeded & 0xff) % 10 + "; tools skip entries that need more than 4.5");
            }
        }

        /**
         * Every entry must be a regular file (or a folder, for a name ending in '/'), whatever host system the
         * central directory claims: several unzip tools read Unix modes for hosts other than Unix, and Windows
         * marks links as reparse points.
         */
        private void checkFileType(String name, long externalAttributes) throws Fatal {
            int unixType = (int) (externalAttributes >>> 16) & UNIX_FILE_TYPE_MASK;
            int dos = (int) externalAttributes & 0xFFFF;
            boolean directory = EntryNames.isDirectory(name);
            if (unixType == UNIX_SYMLINK || (dos & DOS_REPARSE_POINT) != 0) {
                problems.add(Problem.ofEntry(ProblemType.ENTRY_SYMLINK, name, "symbolic links are not allowed"));
                forget(name);
                return;
            }
            boolean typeFits = unixType == 0 || unixType == (directory ? UNIX_DIRECTORY : UNIX_REGULAR);
            boolean dosFits = directory || (dos & DOS_DIRECTORY) == 0;
            if (!typeFits || !dosFits) {
                problems.add(Problem.ofEntry(ProblemType.ENTRY_NOT_REGULAR, name,
                        directory ? "a folder entry marked as another kind of file"
                                : "not a regular file (its attributes mark a folder, device, pipe or socket)"));
                forget(name);
            }
        }

        private void forget(String name) {
            entries.removeIf(e -> e.name().equals(name));
            byte[] dropped = kept.remove(name);
            if (dropped != null) {
                totalKept -= dropped.length;
            }
        }

        private void readZip64End(long centralStart, long centralSize) throws IOException, Fatal {
            long recordOffset = offset();
            position += 4;
            long recordSize = u64();
            if (recordSize != ZIP64_END_RECORD_SIZE) {
                throw ambiguous(null, "the ZIP64 end record has an extensible data sector, which is not allowed");
            }
            require(44);
            position += 4; // versions
            long disk = u32();
            long centralDisk = u32();
            long entriesOnDisk = u64();
            long totalEntries = u64();
            long declaredSize = u64();
            long declaredOffset = u64();
            if (disk != 0 || centralDisk != 0 || entriesOnDisk != localEntries.size()
                    || totalEntries != localEntries.size() || declaredSize != centralSize
                    || declaredOffset != centralStart) {
                throw ambiguous(null, "the ZIP64 end record's counts, directory size or offset differ from the "
                        + "container");
            }
            if (peekSignature() != ZIP64_LOCATOR) {
                throw ambiguous(null, "a ZIP64 end record without its locator");
            }
            position += 4;
            require(16);
            long locatorDisk = u32();
            long locatedOffset = u64();
            long disks = u32();
            if (locatorDisk != 0 || locatedOffset != recordOffset || disks != 1) {
                throw ambiguous(null, "the ZIP64 locator does not point at the ZIP64 end record");
            }
        }

        /**
         * A local header's ZIP64 field must carry both sizes, and only when both 32-bit fields hold the marker: a
         * reader that honours the field and one that does not must not see different sizes.
         */
        private long[] localZip64Sizes(String name, ZipExtraFields extra, long size, long compressedSize)
                throws Fatal {
            boolean marked = size == U32_MAX || compressedSize == U32_MAX;
            if (!marked && extra.zip64().isEmpty()) {
                return new long[] {size, compressedSize};
            }
            byte[] field = extra.zip64().orElse(null);
            if (!marked || field == null || field.length != 16 || size != U32_MAX || compressedSize != U32_MAX) {
                throw ambiguous(name, "ZIP64 sizes must replace both 32-bit sizes in the entry header");
            }
            ByteBuffer values = ByteBuffer.wrap(field).order(ByteOrder.LITTLE_ENDIAN);
            long zipSize = values.getLong();
            long zipCompressed = values.getLong();
            if (zipSize < 0 || zipCompressed < 0) {
                throw malformed(name, "ZIP64 sizes out of range");
            }
            return new long[] {zipSize, zipCompressed};
        }

        private long zip64Value(String name, ByteBuffer zip64) throws Fatal {
            if (zip64.remaining() < 8) {
                throw ambiguous(name, "a ZIP64 value announced in the central directory but missing");
            }
            long value = zip64.getLong();
            if (value < 0) {
                throw malformed(name, "ZIP64 value out of range");
            }
            return value;
        }

        private ZipExtraFields extraFields(String name, byte[] area) throws Fatal {
            try {
                return ZipExtraFields.parse(area);
            } catch (IllegalArgumentException e) {
                throw ambiguous(name, e.getMessage());
            }
        }

        private byte[] readName(int length) throws IOException, Fatal {
            if (length > limits.maxNameBytes()) {
                throw new Fatal(Problem.of(ProblemType.ENTRY_NAME_UNSAFE,
                        "an entry name is longer than " + limits.maxNameBytes() + " bytes"));
            }
            return readBytes(length);
        }

        /**
         * Names are UTF-8, and a name with any byte outside ASCII must say so with the UTF-8 flag: readers that
         * follow the flag would otherwise decode it as code page 437 and see another name.
         */
        private String decodeName(byte[] bytes, int flags) throws Fatal {
            String name;
            try {
                name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
            } catch (CharacterCodingException e) {
                throw new Fatal(Problem.of(ProblemType.ENTRY_NAME_UNSAFE, "an entry name is not valid UTF-8"));
            }
            if ((flags & FLAG_UTF8) == 0 && !isAscii(bytes)) {
                throw ambiguous(name, "a name outside ASCII without the UTF-8 flag");
            }
            return name;
        }

        private static boolean isAscii(byte[] bytes) {
            for (byte b : bytes) {
                if (b < 0) {
                    return false;
                }
            }
            return true;
        }

        private Fatal malformed(String entry, String detail) {
            return new Fatal(Problem.ofEntry(ProblemType.ZIP_MALFORMED, entry, detail));
        }

        private Fatal ambiguous(String entry, String detail) {
            return new Fatal(Problem.ofEntry(ProblemType.ZIP_AMBIGUOUS, entry, detail));
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
                        totalKept -= keptBytes.size();
                        keptBytes = null;
                        return;
                    }
                    totalKept += length;
                    if (totalKept > limits.maxKeptBytes()) {
                        throw new Fatal(Problem.of(ProblemType.PACKET_TOO_LARGE, "the metadata and signature "
                                + "entries hold more than " + limits.maxKeptBytes() + " bytes together"));
                    }
                    keptBytes.write(bytes, offset, length);
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
