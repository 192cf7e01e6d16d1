package dk.sagsbro.storage;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An object file holds exactly the bytes written, in whatever pieces they came, around every boundary: the switch to
 * direct writes, the direct buffers, the file system's blocks and the unaligned end.
 */
class PayloadFileOutputTest {
    static final long MIB = 1 << 20;

    @TempDir
    Path directory;

    int alignment() {
        return PayloadFileOutput.alignmentFor(directory);
    }

    /** Whether this directory's file system takes O_DIRECT: where it does, a large object must be written so. */
    boolean directSupported() throws IOException {
        Path probe = directory.resolve("probe");
        Files.createFile(probe);
        try (FileChannel ignored = FileChannel.open(probe, StandardOpenOption.WRITE,
                com.sun.nio.file.ExtendedOpenOption.DIRECT)) {
            return true;
        } catch (IOException | UnsupportedOperationException refused) {
            return false;
        } finally {
            Files.delete(probe);
        }
    }

    static final List<Long> SIZES = List.of(0L, 1L, 4 * MIB - 1, 4 * MIB, 4 * MIB + 1, 5 * MIB, 5 * MIB + 4095,
            7 * MIB + 12_345, 70 * MIB + 7);

    /** Writes {@code size} pseudo-random bytes in pieces of random length; returns their SHA-256. */
    static byte[] write(PayloadFileOutput out, long size, long seed) throws IOException {
        Random random = new Random(seed);
        MessageDigest sha = newSha();
        byte[] piece = new byte[3 << 20];
        long left = size;
        while (left > 0) {
            int n = (int) Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 4096 : piece.length));
            random.nextBytes(piece);
            int offset = random.nextInt(piece.length - n + 1);
            if (n == 1 && random.nextBoolean()) {
                out.write(piece[offset]);
            } else {
                out.write(piece, offset, n);
            }
            sha.update(piece, offset, n);
            left -= n;
        }
        out.close();
        return sha.digest();
    }

    static MessageDigest newSha() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] digestOf(Path file) throws IOException {
        MessageDigest sha = newSha();
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                sha.update(buffer, 0, n);
            }
        }
        return sha.digest();
    }

    PayloadFileOutput open(Path file, int blockSize, PayloadFileOutput.Checkpoint checkpoint) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new PayloadFileOutput(file, channel, blockSize, checkpoint);
    }

    @Test
    void everySizeReadsBackExactlyWithDirectWritesWhereTheFileSystemTakesThem() throws IOException {
        boolean direct = directSupported();
        long seed = 0;
        for (long size : SIZES) {
            Path file = directory.resolve("object-" + size);
            PayloadFileOutput out = open(file, alignment(), () -> { });
            byte[] written = write(out, size, ++seed);
            assertThat(Files.size(file)).as("size %d", size).isEqualTo(size);
            assertThat(digestOf(file)).as("content of %d bytes", size).isEqualTo(written);
            assertThat(out.wroteDirectly()).as("direct writes for %d bytes", size)
                    .isEqualTo(direct && size >= PayloadFileOutput.DIRECT_FROM);
        }
    }

    @Test
    void withoutABlockSizeEverythingGoesThroughThePageCacheAndReadsBackExactly() throws IOException {
        long seed = 100;
        for (long size : SIZES) {
            Path file = directory.resolve("object-" + size);
            PayloadFileOutput out = open(file, 0, () -> { });
            byte[] written = write(out, size, ++seed);
            assertThat(digestOf(file)).as("content of %d bytes", size).isEqualTo(written);
            assertThat(out.wroteDirectly()).isFalse();
        }
    }

    @Test
    void theCheckpointComesEverySixtyFourMebibytesAndItsRefusalStopsTheWriting() throws IOException {
        AtomicInteger checkpoints = new AtomicInteger();
        write(open(directory.resolve("counted"), alignment(), checkpoints::incrementAndGet), 130 * MIB, 7);
        assertThat(checkpoints).hasValue(2);

        PayloadFileOutput refused = open(directory.resolve("refused"), alignment(), () -> {
            throw new IOException("the disk is at its reserve");
        });
        assertThatThrownBy(() -> write(refused, 70 * MIB, 8)).hasMessage("the disk is at its reserve");
        refused.close();
        assertThat(Files.size(directory.resolve("refused"))).isLessThanOrEqualTo(PayloadFileOutput.WRITE_BEHIND_INTERVAL
                + 3 * MIB);
    }

    @Test
    void onlyABoundedNumberOfUploadsWriteDirectlyAtOnceAndTheRestGoThroughThePageCache() throws IOException {
        boolean direct = directSupported();
        int free = PayloadFileOutput.freeDirectSlots();
        List<PayloadFileOutput> open = new java.util.ArrayList<>();
        byte[] piece = new byte[(int) PayloadFileOutput.DIRECT_FROM + 4096];
        for (int i = 0; i <= free; i++) {
            PayloadFileOutput out = open(directory.resolve("concurrent-" + i), alignment(), () -> { });
            out.write(piece, 0, piece.length);
            open.add(out);
        }
        for (int i = 0; i < free; i++) {
            assertThat(open.get(i).wroteDirectly()).as("upload %d of %d", i, free).isEqualTo(direct);
        }
        assertThat(open.get(free).wroteDirectly()).as("the one past the bound").isFalse();
        for (PayloadFileOutput out : open) {
            out.close();
        }
        assertThat(PayloadFileOutput.freeDirectSlots()).isEqualTo(free);
        for (int i = 0; i <= free; i++) {
            assertThat(Files.size(directory.resolve("concurrent-" + i))).isEqualTo(piece.length);
        }
    }

    @Test
    void anInterruptedUploadStopsAndGivesItsDirectSlotBack() throws IOException {
        int free = PayloadFileOutput.freeDirectSlots();
        PayloadFileOutput out = open(directory.resolve("interrupted"), alignment(), () -> { });
        byte[] piece = new byte[(int) PayloadFileOutput.DIRECT_FROM + PayloadFileOutput.DIRECT_BUFFER_BYTES];
        out.write(piece, 0, piece.length);
        Thread.currentThread().interrupt();
        try {
            // The next full buffer waits for the one in flight: interrupted, unless that write had already finished.
            // Interrupted while waiting for a write (InterruptedIOException), or, when that write had finished,
            // in the next channel operation (ClosedByInterruptException): either way the output must end cleanly.
            try {
                out.write(piece, 0, PayloadFileOutput.DIRECT_BUFFER_BYTES);
            } catch (java.io.InterruptedIOException | java.nio.channels.ClosedByInterruptException interrupted) {
                // the object is incomplete; what matters is what close gives back
            }
            try {
                out.close();
            } catch (java.io.InterruptedIOException | java.nio.channels.ClosedByInterruptException interrupted) {
                // as above
            }
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept for the caller").isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(PayloadFileOutput.freeDirectSlots()).isEqualTo(free);
    }

    @Test
    void writingAfterCloseIsRefused() throws IOException {
        PayloadFileOutput out = open(directory.resolve("closed"), alignment(), () -> { });
        write(out, 5 * MIB, 9);
        assertThatThrownBy(() -> out.write(new byte[1], 0, 1)).isInstanceOf(IOException.class);
    }
}
