package dk.sagsbro.gateway;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TimerIntervalsCheckTest {

    @Test
    void theDefaultsAndBothFormsCamelReadsPass() {
        Map<String, String> intervals = new LinkedHashMap<>();
        intervals.put("sagsbro.registry-reload-interval", "10s");
        intervals.put("sagsbro.audit.anchor-interval", "10m");
        intervals.put("sagsbro.audit.seal-interval", "200ms");
        intervals.put("sagsbro.retention.sweep-interval", "1h");
        intervals.put("sagsbro.deadlines.sweep-interval", "PT30S");
        intervals.put("sagsbro.delivery.push-interval", "1500");
        intervals.put("sagsbro.notifications.send-interval", "1m30s");
        assertThat(TimerIntervalsCheck.problems(intervals)).isEmpty();
    }

    @Test
    void whatCamelReadsAsZeroOrCannotReadIsRefusedEachNamed() {
        Map<String, String> intervals = new LinkedHashMap<>();
        intervals.put("sagsbro.delivery.push-interval", "30 s");
        intervals.put("sagsbro.notifications.send-interval", "-1s");
        intervals.put("sagsbro.deadlines.sweep-interval", "0");
        intervals.put("sagsbro.retention.sweep-interval", "hourly");
        intervals.put("sagsbro.audit.anchor-interval", "-PT10M");
        intervals.put("sagsbro.registry-reload-interval", "PT");
        intervals.put("sagsbro.audit.seal-interval", "1 minute");

        assertThat(TimerIntervalsCheck.problems(intervals)).hasSize(7)
                .allSatisfy(problem -> assertThat(problem).contains("is a positive duration"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.delivery.push-interval is 30 s:"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.notifications.send-interval is -1s:"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.deadlines.sweep-interval is 0:"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.retention.sweep-interval is hourly:"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.audit.anchor-interval is -PT10M:"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.registry-reload-interval is PT:"))
                .anySatisfy(problem -> assertThat(problem).startsWith("sagsbro.audit.seal-interval is 1 minute:"));
    }

    @Test
    void sealingRunsBetweenTenMillisecondsAndTenSeconds() {
        assertThat(TimerIntervalsCheck.problems(Map.of("sagsbro.audit.seal-interval", "5ms")))
                .containsExactly("sagsbro.audit.seal-interval is 5ms: it must lie between 10ms and 10s");
        assertThat(TimerIntervalsCheck.problems(Map.of("sagsbro.audit.seal-interval", "1m")))
                .containsExactly("sagsbro.audit.seal-interval is 1m: it must lie between 10ms and 10s");
        assertThat(TimerIntervalsCheck.problems(Map.of("sagsbro.audit.seal-interval", "10ms"))).isEmpty();
        assertThat(TimerIntervalsCheck.problems(Map.of("sagsbro.audit.seal-interval", "PT10S"))).isEmpty();
        // other timers have no upper bound: an anchor a day is a choice
        assertThat(TimerIntervalsCheck.problems(Map.of("sagsbro.audit.anchor-interval", "24h"))).isEmpty();
    }

    @Test
    void aValueIsShownSafelyInTheMessage() {
        assertThat(TimerIntervalsCheck.problems(Map.of("sagsbro.audit.seal-interval", "1s\nforged line")))
                .singleElement().asString().doesNotContain("\n");
    }
}
