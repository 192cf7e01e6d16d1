package dk.sagsbro.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A test's HTTP exchange with the gateway, bounded in time: a gateway (or client) that never answers fails the test
 * that waited, naming it, rather than stalling the whole build until CI gives up. The failure says where the
 * gateway's own threads were at that moment, in one line, as that is the line a build's summary shows.
 */
public final class BoundedExchange {
    /** Far above any exchange the tests make, on the slowest machine they run on. */
    public static final Duration LONGEST = Duration.ofMinutes(3);

    private BoundedExchange() {
    }

    public static <T> HttpResponse<T> send(HttpClient http, HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        HttpRequest bounded = request.timeout().isPresent() ? request
                : HttpRequest.newBuilder(request, (name, value) -> true).timeout(LONGEST).build();
        try {
            return http.send(bounded, handler);
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException("no answer to " + request.method() + " " + request.uri().getPath()
                    + " within " + bounded.timeout().orElseThrow() + "; the gateway's threads then: "
                    + gatewayThreads(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Each thread that is inside the gateway's code: its name, state and innermost frames of the gateway. */
    static String gatewayThreads() {
        return Thread.getAllStackTraces().entrySet().stream()
                .filter(e -> Arrays.stream(e.getValue()).anyMatch(BoundedExchange::gateways))
                .filter(e -> e.getKey() != Thread.currentThread())
                .map(BoundedExchange::describe).collect(Collectors.joining(" | "));
    }

    private static boolean gateways(StackTraceElement frame) {
        return frame.getClassName().startsWith("dk.sagsbro.") && !frame.getClassName().startsWith("dk.sagsbro.support.");
    }

    private static String describe(Map.Entry<Thread, StackTraceElement[]> thread) {
        StackTraceElement[] frames = thread.getValue();
        String top = frames.length == 0 ? "" : frames[0].toString();
        String ours = Arrays.stream(frames).filter(BoundedExchange::gateways).limit(3).map(StackTraceElement::toString)
                .collect(Collectors.joining(" < "));
        return thread.getKey().getName() + " " + thread.getKey().getState() + " at " + top + " in " + ours;
    }
}
