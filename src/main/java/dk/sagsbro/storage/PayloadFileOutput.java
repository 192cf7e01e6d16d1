package dk.sagsbro.storage;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bytes of one object file. The first {@link #DIRECT_FROM} bytes go through the page cache, as every small packet
 * does. Past that, when the file system allows it, they go straight to the disk ({@code O_DIRECT}) from aligned
 * buffers: a large packet is forced to disk before its answer anyway, and on the project's machine copying it into
 * freshly allocated page-cache pages cost more kernel time than the whole disk write (a 2 GiB upload: 4.5 s of
 * the intake's thread in the kernel; {@code dd} writing 2 GiB: 2.7 s buffered, 0.3 s direct). One buffer is written
 * by a writer thread while the next one fills, so the intake does not wait on the disk for each. The unaligned end
 * of the file goes through the page cache; the store's final force makes all of it durable.
 *
 * <p>Where {@code O_DIRECT} is refused (some file systems), everything goes through the page cache and what was
 * written is forced in the background every {@link #WRITE_BEHIND_INTERVAL} bytes, so the final force is short.
 */
final class PayloadFileOutput extends OutputStream {
    /** Bytes written through the page cache before direct writes start: more than any ordinary case packet. */
    static final long DIRECT_FROM = 4L << 20;
    static final int DIRECT_BUFFER_BYTES = 1 << 20;
    static final long WRITE_BEHIND_INTERVAL = 64L << 20;
    /** At most this many uploads write directly at once (two buffers each); more go through the page cache. */
    static final int DIRECT_UPLOADS = 16;
    /** Buffers kept for the next uploads; the rest are left to the collector, so a burst does not stay resident. */
    private static final int POOLED_BUFFERS = 4;
    /** Direct writes need the file system's block alignment; 4096 also covers devices with larger sectors. */
    private static final int MIN_ALIGNMENT = 4096;
    private static final int MAX_ALIGNMENT = 1 << 16;

    private static final AtomicInteger WRITER_NUMBER = new AtomicInteger();
    /** Two threads for every store's disk writes: they only overlap the disk with the intake, never hold it up. */
    private static final ExecutorService WRITERS = Executors.newFixedThreadPool(2, task -> {
        Thread thread = new Thread(task, "payload-writer-" + WRITER_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    private static final ConcurrentLinkedQueue<ByteBuffer> POOL = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger POOLED = new AtomicInteger();
    private static final Semaphore DIRECT_SLOTS = new Semaphore(DIRECT_UPLOADS);

    /** Called every {@link #WRITE_BEHIND_INTERVAL} bytes; may refuse the upload (the disk's reserve). */
    interface Checkpoint {
        void reached() throws IOException;
    }

    private final Path file;
    private final FileChannel channel;
    /** The alignment of direct writes, which also means they may be tried; 0 never writes directly. */
    private final int alignment;
    private final Checkpoint checkpoint;
    private long position;
    private long sinceCheckpoint;
    private FileChannel direct;
    private boolean directRefused;
    private ByteBuffer filling;
    private ByteBuffer writing;
    private Future<?> inFlight;
    private Future<?> forcing;
    /** Where the next direct buffer starts in the file: everything before it is written or being written. */
    private long directWritten = DIRECT_FROM;
    private boolean closed;

    /**
     * @param alignment from {@link #alignmentFor} for the file's directory; 0 never writes directly
     */
    PayloadFileOutput(Path file, FileChannel channel, int alignment, Checkpoint checkpoint) {
        this.file = file;
        this.channel = channel;
        this.alignment = alignment;
        this.checkpoint = checkpoint;
        this.directRefused = alignment == 0;
    }

    /**
     * The alignment direct writes in {@code directory} need: its file system's block size, at least 4096; 0 when it
     * is unknown or does not divide the buffers, and the files there are then written through the page cache.
     */
    static int alignmentFor(Path directory) {
        long blockSize;
        try {
            blockSize = Files.getFileStore(directory).getBlockSize();
        } catch (IOException | UnsupportedOperationException unknown) {
            return 0;
        }
        long alignment = Math.max(blockSize, MIN_ALIGNMENT);
        boolean dividesTheBuffers = blockSize > 0 && alignment <= MAX_ALIGNMENT && DIRECT_BUFFER_BYTES % alignment == 0
                && DIRECT_FROM % alignment == 0;
        return dividesTheBuffers ? (int) alignment : 0;
    }

    /** Whether the bytes past {@link #DIRECT_FROM} went to the disk directly (for the store's tests). */
    boolean wroteDirectly() {
        return direct != null;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (closed) {
            throw new IOException("the object's output is closed");
        }
        while (length > 0) {
            if (sinceCheckpoint >= WRITE_BEHIND_INTERVAL) {
                sinceCheckpoint = 0;
                checkpoint.reached();
                if (direct == null) {
                    writeBehind();
                }
            }
            int n;
            if (direct == null && (directRefused || position < DIRECT_FROM)) {
                n = (int) Math.min(length, directRefused ? length : DIRECT_FROM - position);
                writeFully(channel, ByteBuffer.wrap(bytes, offset, n), position);
                if (!directRefused && position + n == DIRECT_FROM) {
                    startDirect();
                }
            } else {
                n = Math.min(length, filling.remaining());
                filling.put(bytes, offset, n);
                if (!filling.hasRemaining()) {
                    submitFilled();
                }
            }
            position += n;
            sinceCheckpoint += n;
            offset += n;
            length -= n;
        }
    }

    private void startDirect() {
        if (!DIRECT_SLOTS.tryAcquire()) {
            // Many large uploads at once: this one goes through the page cache rather than wait or grow memory.
            directRefused = true;
            return;
        }
        try {
            direct = FileChannel.open(file, StandardOpenOption.WRITE, com.sun.nio.file.ExtendedOpenOption.DIRECT);
        } catch (IOException | UnsupportedOperationException refused) {
            DIRECT_SLOTS.release();
            directRefused = true;
            return;
        }
        try {
            ByteBuffer first = takeBuffer();
            ByteBuffer second = takeBuffer();
            filling = first;
            writing = second;
        } catch (OutOfMemoryError directMemoryExhausted) {
            // No native memory for the buffers: the page cache still takes the bytes.
            closeQuietly(direct);
            direct = null;
            DIRECT_SLOTS.release();
            directRefused = true;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }

    /** How many more uploads may write directly now (for the store's tests). */
    static int freeDirectSlots() {
        return DIRECT_SLOTS.availablePermits();
    }

    /** Hands the full buffer to a writer, after the one before it is on disk, and fills the other meanwhile. */
    private void submitFilled() throws IOException {
        awaitInFlight();
        ByteBuffer full = filling;
        filling = writing;
        writing = full;
        full.flip();
        long start = directWritten;
        directWritten += full.limit();
        inFlight = WRITERS.submit(() -> {
            try {
                writeFully(direct, full, start);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        filling.clear();
    }

    private void awaitInFlight() throws IOException {
        if (inFlight == null) {
            return;
        }
        try {
            inFlight.get();
            inFlight = null;
        } catch (InterruptedException e) {
            // still in flight: release() must not hand its buffer to another upload
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the object was written");
        } catch (ExecutionException e) {
            inFlight = null;
            Throwable cause = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException("the object could not be written", cause);
        }
    }

    private void writeBehind() {
        if (forcing == null || forcing.isDone()) {
            forcing = WRITERS.submit(() -> {
                try {
                    channel.force(false);
                } catch (IOException | RuntimeException closedOrFailed) {
                    // the upload ended meanwhile, or the disk failed: its own final force reports that
                }
            });
        }
    }

    private static void writeFully(FileChannel target, ByteBuffer bytes, long at) throws IOException {
        while (bytes.hasRemaining()) {
            at += target.write(bytes, at);
        }
    }

    /** Writes what is left: whole blocks directly, the unaligned end through the page cache. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (direct != null) {
                awaitInFlight();
                filling.flip();
                int aligned = filling.limit() - filling.limit() % alignment;
                long at = directWritten;
                if (aligned > 0) {
                    ByteBuffer blocks = filling.duplicate().limit(aligned);
                    writeFully(direct, blocks, at);
                }
                filling.position(aligned);
                writeFully(channel, filling, at + aligned);
            }
        } finally {
            release();
        }
    }

    /** Gives the buffers back and closes the channels; safe after a failure, waits for a write in flight. */
    private void release() throws IOException {
        boolean writerDone = true;
        try {
            if (inFlight != null) {
                try {
                    inFlight.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    writerDone = inFlight.isDone();
                } catch (ExecutionException ignored) {
                    // the failure was or will be reported by the write that waited for it
                }
                inFlight = null;
            }
            if (direct != null) {
                direct.close();
            }
        } finally {
            if (filling != null) {
                if (writerDone) {
                    giveBack(filling);
                    giveBack(writing);
                }
                // else a writer may still read one of them: both are left to the collector, never reused
                filling = null;
                writing = null;
                DIRECT_SLOTS.release();
            }
            channel.close();
        }
    }

    private ByteBuffer takeBuffer() {
        ByteBuffer pooled = POOL.poll();
        if (pooled != null) {
            POOLED.decrementAndGet();
            if (pooled.alignmentOffset(0, alignment) == 0) {
                return pooled.clear();
            }
        }
        return ByteBuffer.allocateDirect(DIRECT_BUFFER_BYTES + alignment).alignedSlice(alignment)
                .limit(DIRECT_BUFFER_BYTES).slice();
    }

    private static void giveBack(ByteBuffer buffer) {
        if (POOLED.incrementAndGet() <= POOLED_BUFFERS) {
            POOL.add(buffer);
        } else {
            POOLED.decrementAndGet();
        }
    }
}
