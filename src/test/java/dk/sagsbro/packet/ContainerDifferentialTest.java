package dk.sagsbro.packet;

import dk.sagsbro.fixtures.NegativeFixtures;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.support.ZipForge;
import dk.sagsbro.support.ZipReaders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whenever the container reader accepts an archive, every other reader must read exactly the same files with exactly
 * the same bytes: java.util.zip's ZipFile, Commons Compress's ZipFile and ZipArchiveInputStream, and unzip. Held for
 * every fixture packet and for 10,000 archives generated from a fixed seed: well-formed ones with names, extra
 * fields, data descriptors and ZIP64 end records varied, and each changed by up to three of the mutations that make
 * readers disagree (a seed is printed with any failure, so a case can be replayed).
 */
class ContainerDifferentialTest {
    private static final int GENERATED_ARCHIVES = Integer.getInteger("sagsbro.differential.archives", 10_000);
    private static final long SEED = Long.getLong("sagsbro.differential.seed", 20261201L);

    private static final String[] NAMES = {"case.json", "documents/a.txt", "documents/A.txt", "documents/b.txt",
            "documents/ø.txt", "documents/o\u0308.txt", "documents/strasse.txt", "documents/straße.txt",
            "documents/sub/c.txt", "documents/", "META-INF/signature.p7s", "META-INF/ASiCManifest.xml",
            "META-INF/other.xml", "../evil.sh", "documents/../../evil.sh", "documents/evil.sh", "/etc/evil",
            "documents\\evil.txt", "documents/con:stream", "documents/trailing. "};

    private static final String[] SAFE_WORDS = {"afgørelse", "plan", "Underretning", "børnesamtale", "notat"};

    @TempDir
    Path work;

    @org.junit.jupiter.api.BeforeAll
    static void unzipIsThereUnderCi() {
        if (System.getenv("CI") != null) {
            assertThat(ZipReaders.unzipAvailable()).as("unzip, which .ci/run installs").isTrue();
        }
    }

    @Test
    void everyReaderReadsWhatTheScannerAcceptedForEveryFixture() throws Exception {
        List<Path> fixtures;
        try (Stream<Path> files = Files.list(NegativeFixtures.DIRECTORY)) {
            fixtures = files.filter(f -> f.toString().endsWith(".asice")).sorted().toList();
        }
        int accepted = 0;
        for (Path fixture : fixtures) {
            accepted += agreeWhenAccepted(fixture.getFileName().toString(), Files.readAllBytes(fixture)) ? 1 : 0;
        }
        byte[] valid = TestPackets.packed(TestPackets.handover("101", "165"), ExamplePki.municipality("101"));
        assertThat(agreeWhenAccepted("a valid packet", valid)).isTrue();
        assertThat(accepted).as("fixtures whose container is well formed").isGreaterThan(fixtures.size() / 2);
    }

    @Test
    void everyReaderReadsWhatTheScannerAcceptedForGeneratedArchives() throws Exception {
        Random seeds = new Random(SEED);
        int accepted = 0;
        for (int i = 0; i < GENERATED_ARCHIVES; i++) {
            long seed = seeds.nextLong();
            byte[] archive = generate(new Random(seed));
            accepted += agreeWhenAccepted("generated archive, seed " + seed, archive) ? 1 : 0;
        }
        System.out.printf("differential: %d generated archives, %d accepted and read alike by every reader%n",
                GENERATED_ARCHIVES, accepted);
        assertThat(accepted).as("accepted archives, so that the comparison means something")
                .isGreaterThan(GENERATED_ARCHIVES / 10);
        assertThat(accepted).as("refused archives, so that the mutations reach the reader")
                .isLessThan(GENERATED_ARCHIVES - GENERATED_ARCHIVES / 10);
    }

    /** @return whether the scanner accepted the archive (and then every reader agreed with it) */
    private boolean agreeWhenAccepted(String what, byte[] archive) throws Exception {
        ScannedContainer scanned = ContainerScannerTest.scan(archive);
        if (!scanned.complete() || !scanned.problems().isEmpty()) {
            return false;
        }
        Map<String, String> expected = new TreeMap<>();
        for (ScannedEntry entry : scanned.entries()) {
            expected.put(entry.name(), HexFormat.of().formatHex(entry.digest("SHA-256")));
        }
        for (ZipReaders.Reading reading : ZipReaders.readAll(archive, work)) {
            assertThat(reading.failure()).as("%s: %s failed on an accepted archive", what, reading.reader())
                    .isNull();
            assertThat(reading.entries()).as("%s: what %s read", what, reading.reader()).isEqualTo(expected);
        }
        return true;
    }

    static byte[] generate(Random random) {
        ZipForge zip = new ZipForge();
        zip.stored("mimetype", PacketVerifier.MEDIA_TYPE.getBytes(StandardCharsets.US_ASCII));
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String name = random.nextInt(4) == 0 ? NAMES[random.nextInt(NAMES.length)]
                    : "documents/" + SAFE_WORDS[random.nextInt(SAFE_WORDS.length)] + i + ".txt";
            byte[] content = name.endsWith("/") ? new byte[0] : content(random);
            ZipForge.Entry entry = random.nextBoolean() ? zip.deflated(name, content) : zip.stored(name, content);
            if (entry.method == 8 && random.nextInt(3) == 0) {
                entry.flags |= ZipForge.FLAG_DESCRIPTOR;
            }
            if (name.endsWith("/")) {
                entry.externalAttributes = (long) ZipForge.UNIX_DIRECTORY << 16 | 0x10;
            }
            if (random.nextInt(4) == 0) {
                entry.localExtra = ZipForge.extraField(0x5455, new byte[] {1, 1, 2, 3, 4});
                entry.centralExtra = ZipForge.extraField(0x5455, new byte[] {1, 1, 2, 3, 4});
            }
            if (random.nextInt(3) == 0) {
                entry.versionMadeBy = (random.nextBoolean() ? 0 : 19) << 8 | 20;
                entry.externalAttributes = entry.versionMadeBy >> 8 == 0 ? 0x20 : entry.externalAttributes;
            }
        }
        zip.zip64End = random.nextInt(5) == 0;
        int mutations = random.nextBoolean() ? 0 : 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            MUTATIONS.get(random.nextInt(MUTATIONS.size())).accept(zip, random);
        }
        byte[] archive = zip.toBytes();
        if (random.nextInt(10) == 0) {
            archive[random.nextInt(archive.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return archive;
    }

    private static byte[] content(Random random) {
        byte[] content = new byte[random.nextInt(300)];
        if (random.nextBoolean()) {
            random.nextBytes(content);
        } else {
            java.util.Arrays.fill(content, (byte) ('a' + random.nextInt(26)));
        }
        return content;
    }

    private static ZipForge.Entry anyEntry(ZipForge zip, Random random) {
        return zip.entries.get(random.nextInt(zip.entries.size()));
    }

    private static final List<BiConsumer<ZipForge, Random>> MUTATIONS = new ArrayList<>(List.of(
            (zip, r) -> zip.trailing = new byte[] {'P', 'K', 5, 6},
            (zip, r) -> zip.archiveComment = "comment".getBytes(StandardCharsets.US_ASCII),
            (zip, r) -> zip.prefix = new byte[1 + r.nextInt(8)],
            (zip, r) -> zip.between = new byte[] {0x50, 0x4b, 0x03, 0x04},
            (zip, r) -> zip.endEntries = r.nextInt(8),
            (zip, r) -> zip.endCentralSize = r.nextInt(400),
            (zip, r) -> zip.endCentralOffset = r.nextInt(400),
            (zip, r) -> zip.endDisk = 1,
            (zip, r) -> {
                zip.zip64End = true;
                zip.zip64Entries = r.nextInt(8);
            },
            (zip, r) -> {
                zip.zip64End = true;
                zip.zip64CentralOffset = r.nextInt(400);
            },
            (zip, r) -> {
                zip.zip64End = true;
                zip.zip64LocatorOffset = r.nextInt(400);
            },
            (zip, r) -> anyEntry(zip, r).centralOffset = r.nextInt(400),
            (zip, r) -> anyEntry(zip, r).centralFlags = r.nextInt(1 << 12),
            (zip, r) -> anyEntry(zip, r).centralMethod = r.nextBoolean() ? 0 : 8,
            (zip, r) -> anyEntry(zip, r).centralCrc = r.nextInt(),
            (zip, r) -> anyEntry(zip, r).centralSize = r.nextInt(300),
            (zip, r) -> anyEntry(zip, r).centralCompressedSize = r.nextInt(300),
            (zip, r) -> anyEntry(zip, r).centralName = NAMES[r.nextInt(NAMES.length)].getBytes(StandardCharsets.UTF_8),
            (zip, r) -> anyEntry(zip, r).inCentralDirectory = false,
            (zip, r) -> anyEntry(zip, r).localSize = r.nextInt(300),
            (zip, r) -> anyEntry(zip, r).localCrc = r.nextInt(),
            (zip, r) -> anyEntry(zip, r).flags = r.nextInt(1 << 12),
            (zip, r) -> anyEntry(zip, r).flags &= ~ZipForge.FLAG_UTF8,
            (zip, r) -> anyEntry(zip, r).descriptorSignature = false,
            (zip, r) -> anyEntry(zip, r).comment = new byte[] {'c'},
            (zip, r) -> anyEntry(zip, r).diskStart = 1,
            (zip, r) -> anyEntry(zip, r).centralExtra = ZipForge.extraField(0x7075,
                    "\u0001\u0000\u0000\u0000\u0000evil.sh".getBytes(StandardCharsets.ISO_8859_1)),
            (zip, r) -> anyEntry(zip, r).centralExtra = ZipForge.zip64Field(r.nextInt(300)),
            (zip, r) -> {
                ZipForge.Entry entry = anyEntry(zip, r);
                entry.localSize = 0xFFFFFFFFL;
                entry.localCompressedSize = 0xFFFFFFFFL;
                entry.localExtra = ZipForge.zip64Field(entry.content.length, entry.data().length);
            },
            (zip, r) -> {
                ZipForge.Entry entry = anyEntry(zip, r);
                entry.centralSize = 0xFFFFFFFFL;
                entry.centralExtra = ZipForge.zip64Field(entry.content.length);
            },
            (zip, r) -> {
                ZipForge.Entry entry = anyEntry(zip, r);
                entry.centralOffset = 0xFFFFFFFFL;
                entry.centralExtra = ZipForge.zip64Field(r.nextInt(3) == 0 ? r.nextInt(400) : 0);
            },
            (zip, r) -> anyEntry(zip, r).externalAttributes = (long) ZipForge.UNIX_SYMLINK << 16,
            (zip, r) -> {
                ZipForge.Entry entry = anyEntry(zip, r);
                entry.versionMadeBy = 19 << 8 | 20;
                entry.externalAttributes = (long) ZipForge.UNIX_SYMLINK << 16;
            },
            (zip, r) -> anyEntry(zip, r).externalAttributes = 0x400,
            (zip, r) -> anyEntry(zip, r).externalAttributes = 0x10,
            (zip, r) -> {
                ZipForge.Entry entry = anyEntry(zip, r);
                entry.flags |= ZipForge.FLAG_DESCRIPTOR;
                entry.method = 8;
            }));
}
