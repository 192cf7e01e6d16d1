package dk.sagsbro.operations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slows down password guessing at the console's form login: after {@code maxFailures} failed logins for one name
 * within {@code window}, that name cannot log in until the window has passed since the last failure. Kept per
 * instance, in memory, for a bounded number of names.
 */
public final class LoginThrottle {
    private static final int MAX_NAMES = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_NAMES;
        }
    };

    public LoginThrottle(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
    }

    /** Whether the name may try to log in now. */
    public synchronized boolean allows(String name) {
        Deque<Instant> recent = recent(name);
        return recent == null || recent.size() < maxFailures;
    }

    public synchronized void failed(String name) {
        Deque<Instant> recent = failures.computeIfAbsent(name, n -> new ArrayDeque<>());
        recent.addLast(clock.instant());
        while (recent.size() > maxFailures) {
            recent.removeFirst();
        }
    }

    public synchronized void succeeded(String name) {
        failures.remove(name);
    }

    private Deque<Instant> recent(String name) {
        Deque<Instant> recent = failures.get(name);
        if (recent == null) {
            return null;
        }
        Instant cutoff = clock.instant().minus(window);
        while (!recent.isEmpty() && recent.peekFirst().isBefore(cutoff)) {
            recent.removeFirst();
        }
        return recent;
    }
}
