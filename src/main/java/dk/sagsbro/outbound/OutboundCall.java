package dk.sagsbro.outbound;

import dk.sagsbro.audit.LogText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One outgoing HTTP exchange (a push or a webhook) under one deadline that covers all of it: connecting, sending,
 * the answer's headers and its body. A receiver that drips its answer is cut off at the deadline, and what went
 * wrong is told in a short text fit to store (no raw bytes of the receiver's, no line breaks).
 */
public final class OutboundCall {
    static final int MAX_ERROR_TEXT = 200;

    private OutboundCall() {
    }

    /**
     * Interrupts a call at its deadline. {@code HttpClient.sendAsync} would keep the deadline without this, but on a
     * machine of one or two cores the JDK's default asynchronous executor starts a new thread for every call (one per
     * push and per webhook); {@code send} on the caller's own pooled thread starts none, and answers an interrupt by
     * cancelling the exchange.
     */
    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "outbound-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    /** @return null when the receiver answered 2xx within the deadline, else what went wrong */
    public static String send(HttpClient http, HttpRequest request, Duration deadline) {
        Alarm alarm = new Alarm(Thread.currentThread());
        ScheduledFuture<?> scheduled = DEADLINES.schedule(alarm, deadline.toNanos(), TimeUnit.NANOSECONDS);
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (InterruptedException e) {
            if (alarm.rang()) {
                return "Timeout: no complete answer within " + deadline;
            }
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (IOException e) {
            return describe(e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause() : e);
        } catch (UncheckedIOException e) {
            return describe(e.getCause());
        } finally {
            scheduled.cancel(false);
            if (alarm.silence()) {
                Thread.interrupted(); // rang after the answer was in: the deadline's interrupt is not the caller's
            }
        }
    }

    /** Interrupts the calling thread at the deadline, unless the call has ended first. */
    private static final class Alarm implements Runnable {
        private final Thread caller;
        private boolean ended;
        private boolean rang;

        Alarm(Thread caller) {
            this.caller = caller;
        }

        @Override
        public synchronized void run() {
            if (!ended) {
                rang = true;
                caller.interrupt();
            }
        }

        synchronized boolean rang() {
            return rang;
        }

        /** Ends the call; no interrupt comes after this. @return whether one came */
        synchronized boolean silence() {
            ended = true;
            return rang;
        }
    }

    /** What went wrong, in a short text fit to store. */
    public static String describe(Throwable failure) {
        if (failure == null) {
            return "failed";
        }
        String text = failure.getClass().getSimpleName() + (failure.getMessage() == null ? ""
                : ": " + failure.getMessage());
        if (failure instanceof IOException && failure.getCause() != null && failure.getMessage() == null) {
            text += " (" + failure.getCause().getClass().getSimpleName() + ")";
        }
        String safe = LogText.of(text);
        return safe.length() > MAX_ERROR_TEXT ? safe.substring(0, MAX_ERROR_TEXT) + "…" : safe;
    }
}
