package dk.sagsbro.intake;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Bounds on uploads, so that no caller can hold the intake for everyone: each municipality has a few upload slots
 * of its own, and an upload must keep up a minimum average rate once its grace period is over (a slow-drip upload
 * is cut off and leaves nothing behind). A connection that sends nothing at all is closed by the HTTP server's idle
 * timeout. Closing the intake's stream does not drain the rest of an upload: a refusal is answered at once.
 */
public final class UploadGuard {
    private final int slotsPerMunicipality;
    private final long minBytesPerSecond;
    private final Duration grace;
    private final LongSupplier nanoTime;
    private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

    /** An upload slot; closing it frees it. */
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    public UploadGuard(int slotsPerMunicipality, long minBytesPerSecond, Duration grace, LongSupplier nanoTime) {
        this.slotsPerMunicipality = slotsPerMunicipality;
        this.minBytesPerSecond = minBytesPerSecond;
        this.grace = grace;
        this.nanoTime = nanoTime;
    }

    /** @return a slot, or empty when the municipality already has all its uploads under way */
    public Optional<Slot> enter(String municipality) {
        Semaphore semaphore = slots.computeIfAbsent(municipality, m -> new Semaphore(slotsPerMunicipality));
        if (!semaphore.tryAcquire()) {
            return Optional.empty();
        }
        return Optional.of(new Slot() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    semaphore.release();
                }
            }
        });
    }

    public int slotsPerMunicipality() {
        return slotsPerMunicipality;
    }

    /** The upload, cut off with 408 upload-too-slow when its average rate falls below the minimum after the grace. */
    public InputStream paced(InputStream upload) {
        long start = nanoTime.getAsLong();
        return new FilterInputStream(upload) {
            private long received;

            @Override
            public int read() throws IOException {
                int b = super.read();
                check(b < 0 ? 0 : 1);
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                check(Math.max(n, 0));
                return n;
            }

            /**
             * Closing does not read the rest of the upload (the HTTP layer's stream would drain it all before the
             * refusal could be sent): what a refused caller still sends is discarded with its connection.
             */
            @Override
            public void close() {
                // deliberately not closing the request stream
            }

            private void check(int n) throws UploadRefusedException {
                received += n;
                long elapsed = nanoTime.getAsLong() - start;
                if (elapsed > grace.toNanos() && received < minBytesPerSecond * (elapsed / 1_000_000_000.0)) {
                    throw new UploadRefusedException(ProblemType.UPLOAD_TOO_SLOW, "the upload averaged less "
                            + "than " + minBytesPerSecond + " bytes a second; nothing was stored");
                }
            }
        };
    }
}
