package dk.sagsbro.api;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The read-ahead body against a request that behaves as Vert.x's does: pieces arrive on one event-loop thread while
 * the body is not paused, pause and resume may be called from any thread. The consumer reads at changing speeds, so
 * that pauses and resumes cross each other often; every byte must arrive in order and the body never stall.
 */
class ReadAheadBodyTest {
    static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** A request whose body is {@code body}, sent in pieces of up to 64 KiB from an event loop while not paused. */
    static final class FakeRequest {
        final byte[] body;
        final Context eventLoop = vertx.getOrCreateContext();
        final AtomicBoolean paused = new AtomicBoolean(true);
        final AtomicInteger pauses = new AtomicInteger();
        final AtomicBoolean connectionClosed = new AtomicBoolean();
        final Random random;
        volatile Handler<Buffer> handler;
        volatile Handler<Void> endHandler;
        volatile int sent;
        volatile boolean sendingScheduled;
        final int stallAt;

        FakeRequest(byte[] body, long seed, int stallAt) {
            this.body = body;
            this.random = new Random(seed);
            this.stallAt = stallAt;
        }

        HttpServerRequest proxy() {
            return (HttpServerRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HttpServerRequest.class}, (self, method, args) -> switch (method.getName()) {
                        case "isEnded" -> false;
                        case "version" -> HttpVersion.HTTP_1_1;
                        case "getHeader" -> null;
                        case "handler" -> {
                            handler = cast(args[0]);
                            yield self;
                        }
                        case "endHandler" -> {
                            endHandler = cast(args[0]);
                            yield self;
                        }
                        case "exceptionHandler" -> self;
                        case "pause" -> {
                            // Vert.x takes a lock and touches the channel here; the pause lands a moment after the
                            // caller decided on it, which is when a resume from another thread can overtake it.
                            Thread.sleep(1);
                            paused.set(true);
                            pauses.incrementAndGet();
                            yield self;
                        }
                        case "resume" -> {
                            paused.set(false);
                            scheduleSending();
                            yield self;
                        }
                        case "connection" -> Proxy.newProxyInstance(getClass().getClassLoader(),
                                new Class<?>[] {io.vertx.core.http.HttpConnection.class}, (c, m, a) -> {
                                    if (!m.getName().equals("close")) {
                                        throw new UnsupportedOperationException(m.getName());
                                    }
                                    connectionClosed.set(true);
                                    return null;
                                });
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }

        @SuppressWarnings("unchecked")
        static <T> Handler<T> cast(Object handler) {
            return (Handler<T>) handler;
        }

        /** As Vert.x's inbound buffer does: delivery goes through the event loop, never the caller's thread. */
        synchronized void scheduleSending() {
            if (!sendingScheduled) {
                sendingScheduled = true;
                eventLoop.runOnContext(v -> sendSome());
            }
        }

        private void sendSome() {
            synchronized (this) {
                sendingScheduled = false;
            }
            // A few pieces per turn of the loop, as a socket read gives several TLS records at once.
            for (int turn = 0; turn < 1 + random.nextInt(4); turn++) {
                if (paused.get() || sent >= body.length || sent >= stallAt) {
                    break;
                }
                int n = Math.min(body.length - sent, 1 + random.nextInt(64 << 10));
                handler.handle(Buffer.buffer().appendBytes(body, sent, n));
                sent += n;
            }
            if (sent >= body.length) {
                endHandler.handle(null);
            } else if (!paused.get() && sent < stallAt) {
                scheduleSending();
            }
        }
    }

    static byte[] randomBody(int size, long seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    @Test
    void everyByteArrivesInOrderWhateverTheConsumersPaceAndTheBodyNeverStalls() throws Exception {
        for (long seed = 1; seed <= 12; seed++) {
            byte[] body = randomBody((int) (8 + new Random(seed).nextInt(12 << 20)), seed);
            FakeRequest request = new FakeRequest(body, seed, Integer.MAX_VALUE);
            Random pace = new Random(seed * 31);
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                try (ReadAheadBody stream = new ReadAheadBody(request.proxy(), Duration.ofSeconds(20))) {
                    ByteArrayOutputStream received = new ByteArrayOutputStream();
                    byte[] buffer = new byte[1 + pace.nextInt(200 << 10)];
                    int n;
                    while ((n = stream.read(buffer, 0, 1 + pace.nextInt(buffer.length))) >= 0) {
                        received.write(buffer, 0, n);
                        if (pace.nextInt(50) == 0) {
                            Thread.sleep(pace.nextInt(3));
                        }
                    }
                    return received.toByteArray();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(read.get(60, TimeUnit.SECONDS)).as("seed %d", seed).isEqualTo(body);
            assertThat(request.connectionClosed).isFalse();
        }
    }

    @Test
    void aSlowConsumerHoldsAtMostTheReadAheadAndTheSenderIsPaused() throws Exception {
        byte[] body = randomBody(8 << 20, 7);
        FakeRequest request = new FakeRequest(body, 7, Integer.MAX_VALUE);
        try (ReadAheadBody stream = new ReadAheadBody(request.proxy(), Duration.ofSeconds(20))) {
            assertThat(stream.read()).isEqualTo(body[0] & 0xff);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> request.paused.get()
                    && request.pauses.get() > 1);
            Thread.sleep(200);
            assertThat(request.sent).as("sent while the consumer read one byte")
                    .isLessThan(ReadAheadBody.READ_AHEAD_BYTES + (64 << 10) * 5);
        }
    }

    @Test
    void afterTheAnswerTheHttpLayerMayReadTheRestToDiscardItWithoutBeingPausedAgain() throws Exception {
        byte[] body = randomBody(4 << 20, 5);
        FakeRequest request = new FakeRequest(body, 5, Integer.MAX_VALUE);
        HttpServerRequest proxy = request.proxy();
        try (ReadAheadBody stream = new ReadAheadBody(proxy, Duration.ofSeconds(20))) {
            stream.readNBytes(100_000);
        }
        // What Quarkus does once a refusal is answered over HTTP/2: it resumes the request, on the I/O thread, to
        // drain the rest. A handler that paused it again held the client, which waits to finish sending before it
        // reads the answer. A piece being handled as the body closed may still pause it, but that runs on the same
        // thread before the resume; so the pauses are counted there, and none may follow.
        CompletableFuture<Integer> pausesAtResume = new CompletableFuture<>();
        request.eventLoop.runOnContext(v -> {
            pausesAtResume.complete(request.pauses.get());
            proxy.resume();
        });
        int pausesBeforeDrain = pausesAtResume.get(30, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> request.sent == body.length);
        assertThat(request.pauses.get()).isEqualTo(pausesBeforeDrain);
    }

    @Test
    void aBodyThatStopsComingIsCutOffAfterTheReadTimeout() {
        byte[] body = randomBody(1 << 20, 9);
        FakeRequest request = new FakeRequest(body, 9, 100_000);
        assertThatThrownBy(() -> {
            try (ReadAheadBody stream = new ReadAheadBody(request.proxy(), Duration.ofMillis(500))) {
                stream.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }).isInstanceOf(dk.sagsbro.problem.UploadRefusedException.class).hasMessageContaining("sent nothing");
        assertThat(request.connectionClosed).isTrue();
    }
}
