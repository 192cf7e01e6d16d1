package dk.sagsbro.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential back-off with jitter: the wait after the n-th failure is {@code first} doubled n-1 times, capped, and
 * then varied by ±20% so that retries of many transfers that failed together do not come back together.
 */
public record Backoff(Duration first, Duration longest) {

    public Duration after(int failures) {
        long base = first.toMillis() << Math.min(Math.max(failures, 1) - 1, 30);
        long capped = base <= 0 ? longest.toMillis() : Math.min(base, longest.toMillis());
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble();
        return Duration.ofMillis((long) (capped * jitter));
    }
}
