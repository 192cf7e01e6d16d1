package dk.sagsbro.packet;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dk.sagsbro.problem.Problem;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the container reader (scripts: bench/fuzz.sh). Whatever the bytes, the reader answers
 * with problems and never throws; whenever it accepts, two streaming readers (java.util.zip's and Commons
 * Compress's) read exactly the files it read. The corpus in ContainerReaderFuzzTestInputs replays in every build.
 */
class ContainerReaderFuzzTest {
    private static final PacketLimits LIMITS = new PacketLimits(4L << 20, 200, 2L << 20, 8L << 20, 100, 64L << 10,
            1024, 1L << 20);

    @FuzzTest(maxDuration = "30s")
    void containerReader(byte[] archive) throws IOException {
        ScannedContainer scanned = new ContainerScanner(LIMITS).scan(new ByteArrayInputStream(archive),
                OutputStream.nullOutputStream());

        assertThat(scanned.packetSize()).isLessThanOrEqualTo(archive.length);
        for (Problem problem : scanned.problems()) {
            assertThat(problem.type()).isNotNull();
            assertThat(problem.detail()).isNotNull();
        }
        if (!scanned.complete() || !scanned.problems().isEmpty()) {
            return;
        }
        Map<String, String> accepted = new TreeMap<>();
        for (ScannedEntry entry : scanned.entries()) {
            accepted.put(entry.name(), HexFormat.of().formatHex(entry.digest("SHA-256")));
        }
        assertThat(jdkStream(archive)).isEqualTo(accepted);
        assertThat(commonsStream(archive)).isEqualTo(accepted);
    }

    private static Map<String, String> jdkStream(byte[] archive) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(archive))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    assertThat(seen.put(entry.getName(), sha256(zip))).isNull();
                }
            }
        }
        return seen;
    }

    private static Map<String, String> commonsStream(byte[] archive) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(archive), "UTF-8", true,
                true)) {
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    assertThat(seen.put(entry.getName(), sha256(zip))).isNull();
                }
            }
        }
        return seen;
    }

    private static String sha256(InputStream in) throws IOException {
        return dk.sagsbro.support.ZipReaders.sha256(in);
    }
}
