package dk.sagsbro.outbound;

import dk.sagsbro.audit.LogText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One outgoing HTTP exchange (a push or a webhook) under one deadline that covers all of it: connecting, sending,
 * the answer's headers and its body. A receiver that drips its answer is cut off at the deadline, and what went
 * wrong is told in a short text fit to store (no raw bytes of the receiver's, no line breaks).
 */
public final class OutboundCall {
    static final int MAX_ERROR_TEXT = 200;

    private OutboundCall() {
    }

    /** @return null when the receiver answered 2xx within the deadline, else what went wrong */
    public static String send(HttpClient http, HttpRequest request, Duration deadline) {
        CompletableFuture<HttpResponse<Void>> exchange = http.sendAsync(request,
                HttpResponse.BodyHandlers.discarding());
        try {
            int status = exchange.get(deadline.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return "Timeout: no complete answer within " + deadline;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof UncheckedIOException unchecked ? unchecked.getCause()
                    : e.getCause();
            return describe(cause);
        } catch (CancellationException e) {
            return "cancelled";
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    static String describe(Throwable failure) {
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
