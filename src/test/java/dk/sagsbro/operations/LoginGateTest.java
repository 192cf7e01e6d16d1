package dk.sagsbro.operations;

import dk.sagsbro.audit.LogText;
import dk.sagsbro.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Password guessing at the console is limited per address and in total, and no stranger can lock out a name. */
class LoginGateTest {
    final MutableClock clock = new MutableClock(java.time.Instant.parse("2026-12-01T10:00:00Z"));
    final LoginGate gate = new LoginGate(10, 5, Duration.ofMinutes(15), 50, Duration.ofMinutes(1), 2,
            Duration.ofMillis(50), clock);

    private void fail(String address, String name) {
        try (LoginGate.Attempt attempt = gate.tryEnter(address, name)) {
            assertThat(attempt).isNotNull();
            attempt.failed();
        }
    }

    @Test
    void aStrangerGuessingAnOperatorsNameLocksOutOnlyItsOwnAddress() {
        for (int i = 0; i < 10; i++) {
            fail("198.51.100.7", i < 5 ? "operator" : "operator" + i);
        }

        assertThat(gate.tryEnter("198.51.100.7", "operator")).isNull();
        assertThat(gate.tryEnter("198.51.100.7", "someone-else")).as("the whole address is stopped").isNull();
        try (LoginGate.Attempt operator = gate.tryEnter("10.0.0.1", "operator")) {
            assertThat(operator).as("the operator, from its own address").isNotNull();
        }
    }

    @Test
    void fiveFailuresForOneNameFromOneAddressStopThatPairUntilTheWindowHasPassed() {
        for (int i = 0; i < 5; i++) {
            fail("10.0.0.2", "anna");
        }

        assertThat(gate.tryEnter("10.0.0.2", "anna")).isNull();
        clock.advance(Duration.ofMinutes(16));
        try (LoginGate.Attempt again = gate.tryEnter("10.0.0.2", "anna")) {
            assertThat(again).isNotNull();
        }
    }

    @Test
    void attemptsFromManyAddressesAreLimitedInTotal() {
        for (int i = 0; i < 50; i++) {
            try (LoginGate.Attempt attempt = gate.tryEnter("203.0.113." + i, "x")) {
                assertThat(attempt).isNotNull();
            }
        }

        assertThat(gate.tryEnter("203.0.113.200", "x")).isNull();
        clock.advance(Duration.ofMinutes(2));
        try (LoginGate.Attempt later = gate.tryEnter("203.0.113.200", "x")) {
            assertThat(later).isNotNull();
        }
    }

    @Test
    void atMostTwoPasswordHashesRunAtOnce() {
        LoginGate.Attempt first = gate.tryEnter("10.0.0.3", "a");
        LoginGate.Attempt second = gate.tryEnter("10.0.0.4", "b");

        assertThat(gate.tryEnter("10.0.0.5", "c")).as("a third waits, then gives up").isNull();
        first.close();
        try (LoginGate.Attempt third = gate.tryEnter("10.0.0.5", "c")) {
            assertThat(third).isNotNull();
        }
        second.close();
    }

    @Test
    void callerInputInALogLineCannotStartALineOfItsOwn() {
        String forged = "anna\r\n2026-12-01 INFO operator login accepted for 'root'";

        assertThat(LogText.of(forged)).doesNotContain("\n").doesNotContain("\r").startsWith("anna\\u000d\\u000a");
        assertThat(LogText.of("x".repeat(10_000))).hasSizeLessThan(130);
    }
}
