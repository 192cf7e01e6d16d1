package dk.sagsbro.packet;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.support.ZipForge;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container reader fed archives that other ZIP readers would read differently, or that would cost it more than
 * its bounds, with no server in between: each is refused with its own problem type.
 */
class ContainerScannerTest {
    private static final byte[] TEXT = "Underretning om barnet, eksempel.\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    private static final PacketLimits LIMITS = new PacketLimits(64L << 20, 50, 16L << 20, 32L << 20, 100, 1L << 20,
            1024, 2L << 20);

    static ZipForge wellFormed() {
        ZipForge zip = new ZipForge();
        zip.stored("mimetype", PacketVerifier.MEDIA_TYPE.getBytes(StandardCharsets.US_ASCII));
        zip.deflated("case.json", "{}".getBytes(StandardCharsets.UTF_8));
        zip.deflated("documents/notification.txt", TEXT);
        zip.stored("documents/scan.bin", TEXT);
        return zip;
    }

    static ScannedContainer scan(byte[] archive) throws IOException {
        return new ContainerScanner(LIMITS).scan(new ByteArrayInputStream(archive), OutputStream.nullOutputStream());
    }

    static ScannedContainer scan(ZipForge zip) throws IOException {
        return scan(zip.toBytes());
    }

    @Test
    void acceptsAWellFormedArchiveAndKeepsOnlyItsMetadata() throws IOException {
        ScannedContainer scanned = scan(wellFormed());

        assertThat(scanned.problems()).isEmpty();
        assertThat(scanned.complete()).isTrue();
        assertThat(scanned.entries()).extracting(ScannedEntry::name)
                .containsExactly("mimetype", "case.json", "documents/notification.txt", "documents/scan.bin");
        assertThat(scanned.kept()).containsOnlyKeys("mimetype", "case.json");
    }

    @Test
    void acceptsDataDescriptorsFolderEntriesAndAllowedExtraFields() throws IOException {
        ZipForge zip = wellFormed();
        zip.entries.get(2).flags |= ZipForge.FLAG_DESCRIPTOR;
        ZipForge.Entry folder = zip.stored("documents/", new byte[0]);
        folder.externalAttributes = (long) ZipForge.UNIX_DIRECTORY << 16 | 0x10;
        zip.entries.get(3).localExtra = ZipForge.extraField(0x5455, new byte[] {1, 0, 0, 0, 0});
        zip.entries.get(3).centralExtra = ZipForge.extraField(0x5455, new byte[] {1, 0, 0, 0, 0});

        assertThat(scan(zip).problems()).isEmpty();
    }

    static Stream<Arguments> ambiguousArchives() {
        return Stream.of(
                refused("bytes after the end record", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.trailing = "PK\u0005\u0006 hidden".getBytes(StandardCharsets.ISO_8859_1)),
                refused("an archive comment", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.archiveComment = "note".getBytes(StandardCharsets.US_ASCII)),
                refused("an entry comment", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).comment = "x".getBytes(StandardCharsets.US_ASCII)),
                refused("bytes before the first entry", ProblemType.ZIP_MALFORMED,
                        zip -> zip.prefix = new byte[] {'M', 'Z', 0, 0}),
                refused("bytes between entries", ProblemType.ZIP_MALFORMED,
                        zip -> zip.between = new byte[] {0, 0, 0, 0}),
                refused("an end record counting one entry too few", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.endEntries = 3),
                refused("an end record with the wrong directory size", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.endCentralSize = 10),
                refused("an end record pointing into the entries", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.endCentralOffset = 0),
                refused("an end record naming another disk", ProblemType.ZIP_AMBIGUOUS, zip -> zip.endDisk = 1),
                refused("a ZIP64 end record counting other entries", ProblemType.ZIP_AMBIGUOUS, zip -> {
                    zip.zip64End = true;
                    zip.zip64Entries = 9;
                }),
                refused("a ZIP64 end record at another offset than its locator says", ProblemType.ZIP_AMBIGUOUS,
                        zip -> {
                            zip.zip64End = true;
                            zip.zip64LocatorOffset = 3;
                        }),
                refused("a central record pointing at another local header", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(3).centralOffset = 0),
                refused("a central record with other flags", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).centralFlags = 0),
                refused("a central record with another method", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(3).centralMethod = 8),
                refused("a central record with another CRC", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(3).centralCrc = 1),
                refused("a central record with another size", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).centralSize = 5),
                refused("a central record with another name", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).centralName = "../../evil.sh".getBytes(StandardCharsets.UTF_8)),
                refused("a central directory that leaves an entry out", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(3).inCentralDirectory = false),
                refused("a local header whose sizes disagree with its data", ProblemType.ZIP_MALFORMED,
                        zip -> zip.entries.get(3).localSize = 3),
                refused("a data descriptor entry with sizes in its header", ProblemType.ZIP_AMBIGUOUS, zip -> {
                    zip.entries.get(2).flags |= ZipForge.FLAG_DESCRIPTOR;
                    zip.entries.get(2).localSize = 7;
                }),
                refused("a data descriptor without its signature", ProblemType.ZIP_AMBIGUOUS, zip -> {
                    zip.entries.get(2).flags |= ZipForge.FLAG_DESCRIPTOR;
                    zip.entries.get(2).descriptorSignature = false;
                }),
                refused("an Info-ZIP Unicode path extra field", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).centralExtra = ZipForge.extraField(0x7075, new byte[] {1, 0, 0, 0,
                                0, 'e', 'v', 'i', 'l'})),
                refused("an extra field running past its area", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).localExtra = new byte[] {0x55, 0x54, 9, 0, 1}),
                refused("the same extra field twice", ProblemType.ZIP_AMBIGUOUS, zip -> {
                    byte[] field = ZipForge.extraField(0x5455, new byte[] {1, 0, 0, 0, 0});
                    byte[] twice = new byte[field.length * 2];
                    System.arraycopy(field, 0, twice, 0, field.length);
                    System.arraycopy(field, 0, twice, field.length, field.length);
                    zip.entries.get(2).localExtra = twice;
                }),
                refused("a ZIP64 field that no header field announces", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(3).centralExtra = ZipForge.zip64Field(680)),
                refused("a ZIP64 field with only one size in the local header", ProblemType.ZIP_AMBIGUOUS, zip -> {
                    zip.entries.get(3).localSize = 0xFFFFFFFFL;
                    zip.entries.get(3).localExtra = ZipForge.zip64Field(680);
                }),
                refused("a name outside ASCII without the UTF-8 flag", ProblemType.ZIP_AMBIGUOUS, zip -> {
                    ZipForge.Entry entry = zip.stored("documents/børn.txt", TEXT);
                    entry.flags = 0;
                }),
                refused("an entry needing a later ZIP version than tools implement", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(2).centralVersionNeeded = 148),
                refused("an encrypted entry", ProblemType.ENTRY_ENCRYPTED, zip -> zip.entries.get(3).flags |= 1),
                refused("an unknown general purpose flag", ProblemType.ZIP_AMBIGUOUS,
                        zip -> zip.entries.get(3).flags |= 1 << 12),
                refused("a method other than stored and deflated", ProblemType.ZIP_MALFORMED,
                        zip -> zip.entries.get(3).method = 12),
                refused("a Unix symbolic link", ProblemType.ENTRY_SYMLINK,
                        zip -> zip.entries.get(3).externalAttributes = (long) ZipForge.UNIX_SYMLINK << 16),
                refused("a symbolic link made on macOS", ProblemType.ENTRY_SYMLINK, zip -> {
                    zip.entries.get(3).versionMadeBy = 19 << 8 | 20;
                    zip.entries.get(3).externalAttributes = (long) ZipForge.UNIX_SYMLINK << 16;
                }),
                refused("a symbolic link made on MS-DOS hosts with Unix mode bits", ProblemType.ENTRY_SYMLINK,
                        zip -> {
                            zip.entries.get(3).versionMadeBy = 20;
                            zip.entries.get(3).externalAttributes = (long) ZipForge.UNIX_SYMLINK << 16;
                        }),
                refused("a Windows reparse point", ProblemType.ENTRY_SYMLINK, zip -> {
                    zip.entries.get(3).versionMadeBy = 10 << 8 | 20;
                    zip.entries.get(3).externalAttributes = 0x400;
                }),
                refused("a file marked as a folder by MS-DOS attributes", ProblemType.ENTRY_NOT_REGULAR,
                        zip -> zip.entries.get(3).externalAttributes = 0x10),
                refused("a device file", ProblemType.ENTRY_NOT_REGULAR,
                        zip -> zip.entries.get(3).externalAttributes = 020644L << 16),
                refused("a folder entry with content", ProblemType.ENTRY_NOT_REGULAR,
                        zip -> zip.stored("documents/", TEXT)),
                refused("names that differ only in case", ProblemType.ENTRY_DUPLICATE,
                        zip -> zip.stored("Documents/Notification.TXT", TEXT)),
                refused("names that differ only after full case folding", ProblemType.ENTRY_DUPLICATE, zip -> {
                    zip.stored("documents/strasse.txt", TEXT);
                    zip.stored("documents/STRAßE.txt", TEXT);
                }),
                refused("a name not in Unicode normal form C", ProblemType.ENTRY_NAME_UNSAFE,
                        zip -> zip.stored("documents/bo\u0308rn.txt", TEXT)),
                refused("a name with a format character", ProblemType.ENTRY_NAME_UNSAFE,
                        zip -> zip.stored("documents/evil\u202Etxt.exe", TEXT)),
                refused("a name longer than the limit", ProblemType.ENTRY_NAME_UNSAFE,
                        zip -> zip.stored("documents/" + "a".repeat(1100), TEXT)),
                refused("a traversal in the name", ProblemType.ENTRY_NAME_UNSAFE,
                        zip -> zip.stored("documents/../../evil.sh", TEXT)));
    }

    private static Arguments refused(String what, ProblemType expected, Consumer<ZipForge> change) {
        return Arguments.of(what, expected, change);
    }

    @ParameterizedTest(name = "refuses {0} as {1}")
    @MethodSource("ambiguousArchives")
    void refusesAnArchiveThatToolsCouldReadDifferently(String what, ProblemType expected, Consumer<ZipForge> change)
            throws IOException {
        ZipForge zip = wellFormed();
        change.accept(zip);

        ScannedContainer scanned = scan(zip);

        assertThat(scanned.problems()).extracting(Problem::type).contains(expected);
    }

    @Test
    void keepsNoMoreThanTheBoundOfSignatureFilesInMemoryTogether() throws IOException {
        ZipForge zip = wellFormed();
        byte[] megabyte = new byte[900 << 10];
        new java.util.Random(1).nextBytes(megabyte);
        for (int i = 0; i < 5; i++) {
            zip.deflated("META-INF/signature" + i + ".p7s", megabyte);
        }

        ScannedContainer scanned = scan(zip);

        assertThat(scanned.problems()).extracting(Problem::type).containsExactly(ProblemType.PACKET_TOO_LARGE);
        assertThat(scanned.kept().values().stream().mapToLong(b -> b.length).sum()).isLessThanOrEqualTo(2L << 20);
    }

    @Test
    void refusesThousandsOfSmallHighlyCompressedMetaInfEntriesOnTheRatioOfThePacket() throws IOException {
        ZipForge zip = wellFormed();
        byte[] zeros = new byte[60 << 10];
        for (int i = 0; i < 45; i++) {
            zip.deflated("META-INF/signature" + i + ".p7s", zeros);
        }

        ScannedContainer scanned = scan(zip);

        assertThat(scanned.problems()).extracting(Problem::type)
                .containsExactly(ProblemType.COMPRESSION_RATIO_EXCEEDED);
    }

    @Test
    void keepsNothingOfMetaInfFilesThatAreNotManifestsOrSignatures() throws IOException {
        ZipForge zip = wellFormed();
        zip.deflated("META-INF/notes.xml", TEXT);

        ScannedContainer scanned = scan(zip);

        assertThat(scanned.kept()).doesNotContainKey("META-INF/notes.xml");
        assertThat(scanned.entry("META-INF/notes.xml")).isPresent();
    }

    @Test
    void refusesAPacketThatExpandsBeyondTheRatioAcrossManySmallEntries() throws IOException {
        ZipForge zip = wellFormed();
        byte[] zeros = new byte[(int) (LIMITS.ratioThresholdBytes() / 2)];
        for (int i = 0; i < 40; i++) {
            zip.deflated("documents/zeros" + i + ".bin", zeros);
        }

        ScannedContainer scanned = scan(zip);

        assertThat(scanned.problems()).extracting(Problem::type)
                .containsExactly(ProblemType.COMPRESSION_RATIO_EXCEEDED);
        assertThat(scanned.problems().get(0).entry()).isNull();
    }

    @Test
    void refusesMoreEntriesThanTheLimitBeforeReadingTheirNames() throws IOException {
        ZipForge zip = wellFormed();
        for (int i = 0; i < LIMITS.maxEntries(); i++) {
            zip.stored("documents/" + i + ".txt", new byte[1]);
        }

        assertThat(scan(zip).problems()).extracting(Problem::type).containsExactly(ProblemType.TOO_MANY_ENTRIES);
    }
}
