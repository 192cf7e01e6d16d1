package dk.sagsbro.api;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A request body read ahead of the blocking code that consumes it. The I/O thread hands each piece over as it
 * decrypts it, until {@link #READ_AHEAD_BYTES} wait unread; the consumer's thread takes them from the queue. The
 * framework's own stream asks the I/O thread for one piece at a time, so for every 64 KiB each thread waited for the
 * other and the I/O thread ran a task and was woken for it: a 1 GiB upload ran at about 100 MiB/s with the intake's
 * thread mostly waiting (issue 11's profile).
 *
 * <p>Reading starts at the first {@link #read}: a caller refused before that (no upload slot) has sent at most what
 * the HTTP layer holds. {@link #close} stops reading and drops what is queued, so a refusal is answered without
 * waiting for the rest of the body; after the answer the HTTP layer may read the rest to discard it.
 * A body that sends nothing for the read timeout is cut off and its connection (or HTTP/2 stream) closed.
 */
final class ReadAheadBody extends InputStream implements Handler<Buffer> {
    /** Eight 64 KiB pieces (quarkus.http.limits.max-chunk-size): enough that neither thread waits on the other. */
    static final int READ_AHEAD_BYTES = 512 << 10;

    private final HttpServerRequest request;
    private final long timeoutNanos;
    private final ArrayDeque<Buffer> pieces = new ArrayDeque<>();
    private Buffer current;
    private int position;
    private long queuedBytes;
    private boolean started;
    /** Paused by the read-ahead bound; {@link #resumeScheduled} while a resume waits for the I/O thread. */
    private boolean paused;
    private boolean resumeScheduled;
    private Context ioContext;
    private boolean ended;
    private boolean closed;
    private Throwable failure;

    ReadAheadBody(HttpServerRequest request, Duration readTimeout) {
        this.request = request;
        this.timeoutNanos = readTimeout.toNanos();
        if (request.isEnded()) {
            ended = true;
            return;
        }
        // Held until the first read; the framework has it paused already, so nothing is lost before the handler.
        request.pause();
        request.handler(this);
        request.endHandler(end -> ended());
        request.exceptionHandler(this::failed);
    }

    /** On the I/O thread: one piece of the body. */
    @Override
    public void handle(Buffer piece) {
        boolean pause;
        synchronized (this) {
            if (closed) {
                // After the answer the framework may read the rest to discard it: never paused again from here.
                return;
            }
            pieces.add(piece);
            queuedBytes += piece.length();
            notifyAll();
            pause = !paused && queuedBytes >= READ_AHEAD_BYTES;
            if (pause) {
                paused = true;
                ioContext = Vertx.currentContext();
            }
        }
        if (pause) {
            request.pause();
        }
    }

    /**
     * On the I/O thread, as the pause is: were the two called from different threads, a resume could overtake the
     * pause it answers and leave the body paused for good.
     */
    private void resumeReading() {
        synchronized (this) {
            resumeScheduled = false;
            if (closed || !paused) {
                return;
            }
            paused = false;
        }
        request.resume();
    }

    private synchronized void ended() {
        ended = true;
        notifyAll();
    }

    private synchronized void failed(Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (current == null || position == current.length()) {
            if (!nextPiece()) {
                return -1;
            }
        }
        int n = Math.min(length, current.length() - position);
        current.getBytes(position, position + n, into, offset);
        position += n;
        return n;
    }

    @Override
    public synchronized int available() {
        return current == null ? 0 : current.length() - position;
    }

    /** Waits for the next piece; false at the end of the body. */
    private boolean nextPiece() throws IOException {
        startOnce();
        boolean resume = false;
        boolean silent = false;
        synchronized (this) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (pieces.isEmpty() && !ended && failure == null && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(left / 1_000_000, (int) (left % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the upload");
                }
            }
            if (closed) {
                throw new IOException("the upload's stream is closed");
            }
            current = pieces.poll();
            position = 0;
            if (current != null) {
                queuedBytes -= current.length();
                resume = paused && !resumeScheduled && queuedBytes <= READ_AHEAD_BYTES / 4;
                resumeScheduled |= resume;
            } else if (failure != null) {
                throw new BrokenOff(failure);
            } else {
                silent = !ended;
            }
        }
        if (silent) {
            // Outside the lock: closing calls the handlers, which take it.
            cutOff();
            throw new UploadRefusedException(ProblemType.UPLOAD_TOO_SLOW, "the upload sent nothing for "
                    + Duration.ofNanos(timeoutNanos).toSeconds() + " s; nothing was stored");
        }
        if (resume) {
            ioContext.runOnContext(v -> resumeReading());
        }
        return current != null;
    }

    private void startOnce() {
        synchronized (this) {
            if (started || ended) {
                return;
            }
            started = true;
        }
        // A client that asked to be told before it sends the body (curl does for large ones) is told now.
        if (request.version() == HttpVersion.HTTP_1_1 && "100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            request.response().writeContinue();
        }
        request.resume();
    }

    private void cutOff() {
        if (request.version() == HttpVersion.HTTP_2) {
            request.response().reset();
        } else {
            request.connection().close();
        }
    }

    /** The caller's connection or stream ended before the body did: the caller's doing, not the gateway's. */
    static final class BrokenOff extends IOException {
        BrokenOff(Throwable cause) {
            super("the upload broke off before its end: " + cause.getMessage(), cause);
        }
    }

    /** Stops reading: what is queued is dropped and the rest of the body stays unread. */
    @Override
    public void close() {
        boolean pause;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pause = started && !ended;
            pieces.clear();
            queuedBytes = 0;
            current = null;
            notifyAll();
        }
        if (pause) {
            // Nothing more is read for the intake; what the framework does with the rest after the answer is its own.
            request.pause();
        }
    }
}
