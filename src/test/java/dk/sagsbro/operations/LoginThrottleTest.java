package dk.sagsbro.operations;

import dk.sagsbro.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T09:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(15), clock);

    @Test
    void fiveFailuresWithinTheWindowStopThatNameUntilTheWindowHasPassed() {
        for (int i = 0; i < 5; i++) {
            assertThat(throttle.allows("anna")).isTrue();
            throttle.failed("anna");
            clock.advance(Duration.ofMinutes(1));
        }
        assertThat(throttle.allows("anna")).isFalse();
        assertThat(throttle.allows("bo")).as("other names are not affected").isTrue();
        clock.advance(Duration.ofMinutes(11)); // the first failure is now 16 minutes old
        assertThat(throttle.allows("anna")).isTrue();
    }

    @Test
    void aSuccessfulLoginClearsTheFailures() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("anna");
        }
        throttle.succeeded("anna");
        throttle.failed("anna");
        assertThat(throttle.allows("anna")).isTrue();
    }
}
