package dk.sagsbro.operations;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Who may try a console password now, and how many password hashes run at once. Failures are counted per client
 * address and per address and name, never per name alone: a stranger who guesses an operator's name can lock out
 * only the address it guesses from, not the operator. Attempts are limited in total too, and the deliberately slow
 * PBKDF2 hashing runs at most {@code concurrentHashes} at a time, so a flood of logins cannot take the CPU.
 */
public final class LoginGate {
    private static final String ALL = "";

    private final LoginThrottle byAddress;
    private final LoginThrottle byAddressAndName;
    private final LoginThrottle allAttempts;
    private final Semaphore hashing;
    private final Duration hashingWait;

    /** A login that may go ahead; close it when the password has been checked. */
    public interface Attempt extends AutoCloseable {
        void failed();

        void succeeded();

        @Override
        void close();
    }

    public LoginGate(Clock clock) {
        this(10, 5, Duration.ofMinutes(15), 300, Duration.ofMinutes(1), 2, Duration.ofSeconds(5), clock);
    }

    public LoginGate(int failuresPerAddress, int failuresPerAddressAndName, Duration failureWindow,
            int attemptsInTotal, Duration attemptWindow, int concurrentHashes, Duration hashingWait, Clock clock) {
        this.byAddress = new LoginThrottle(failuresPerAddress, failureWindow, clock);
        this.byAddressAndName = new LoginThrottle(failuresPerAddressAndName, failureWindow, clock);
        this.allAttempts = new LoginThrottle(attemptsInTotal, attemptWindow, clock);
        this.hashing = new Semaphore(concurrentHashes, true);
        this.hashingWait = hashingWait;
    }

    /** @return the attempt, or null when this address (or everyone) has tried too often, or hashing is saturated */
    public Attempt tryEnter(String address, String name) {
        String pair = address + "\n" + name;
        synchronized (this) {
            if (!byAddress.allows(address) || !byAddressAndName.allows(pair) || !allAttempts.allows(ALL)) {
                return null;
            }
            allAttempts.failed(ALL); // counts every attempt, not only failures
        }
        try {
            if (!hashing.tryAcquire(hashingWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return new Attempt() {
            private boolean closed;

            @Override
            public void failed() {
                byAddress.failed(address);
                byAddressAndName.failed(pair);
            }

            @Override
            public void succeeded() {
                byAddressAndName.succeeded(pair);
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    hashing.release();
                }
            }
        };
    }
}
