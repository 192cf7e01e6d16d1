package dk.sagsbro.intake;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;
import dk.sagsbro.storage.PayloadStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Upload slots per municipality, the minimum upload rate, and the disk reserve of the payload store. */
class UploadGuardTest {
    final AtomicLong nanos = new AtomicLong();
    final UploadGuard guard = new UploadGuard(2, 1000, Duration.ofSeconds(10), nanos::get);

    @TempDir
    Path directory;

    @Test
    void eachMunicipalityHasItsOwnSlots() {
        Optional<UploadGuard.Slot> first = guard.enter("101");
        Optional<UploadGuard.Slot> second = guard.enter("101");

        assertThat(first).isPresent();
        assertThat(second).isPresent();
        assertThat(guard.enter("101")).as("a third upload from 101").isEmpty();
        assertThat(guard.enter("751")).as("another municipality is not affected").isPresent();
        first.get().close();
        first.get().close();
        assertThat(guard.enter("101")).isPresent();
        assertThat(guard.enter("101")).as("closing twice frees one slot").isEmpty();
    }

    @Test
    void anUploadBelowTheMinimumRateIsCutOffAfterItsGrace() throws Exception {
        InputStream paced = guard.paced(new ByteArrayInputStream(new byte[100_000]));
        byte[] buffer = new byte[1000];

        assertThat(paced.read(buffer)).isEqualTo(1000);
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(paced.read(buffer)).as("within the grace").isEqualTo(1000);
        nanos.addAndGet(Duration.ofSeconds(3).toNanos());
        assertThatThrownBy(() -> paced.read(buffer)).isInstanceOfSatisfying(UploadRefusedException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemType.UPLOAD_TOO_SLOW));
    }

    @Test
    void anUploadKeepingUpTheRateIsNotDisturbed() throws Exception {
        InputStream paced = guard.paced(new ByteArrayInputStream(new byte[100_000]));
        byte[] buffer = new byte[5000];
        for (int second = 0; second < 20; second++) {
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(paced.read(buffer)).isEqualTo(5000);
        }
    }

    @Test
    void thePayloadStoreRefusesANewPayloadBelowItsDiskReserveAndLeavesNoFile() throws Exception {
        PayloadStore store = new PayloadStore(directory.resolve("payloads"), new byte[32], Long.MAX_VALUE);

        assertThatThrownBy(store::create).isInstanceOfSatisfying(UploadRefusedException.class, e -> {
            assertThat(e.type()).isEqualTo(ProblemType.STORAGE_FULL);
            assertThat(e.status()).isEqualTo(503);
        });
        try (var files = Files.list(directory.resolve("payloads"))) {
            assertThat(files).isEmpty();
        }
    }
}
