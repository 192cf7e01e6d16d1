package dk.sagsbro.gateway;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.camel.converter.DurationConverter;
import org.apache.camel.quarkus.main.events.BeforeConfigure;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The intervals of the gateway's timer routes, checked before Camel creates them (its routes exist before the
 * start-up event). Camel reads some values it cannot parse ({@code -1s}, {@code hourly}) as zero, and a timer with
 * period zero fires once and never again: sealing, pushes or deadline reminders would stop without a word; others
 * ({@code 1 minute}) stop the start with a stack trace naming one route. So the gateway does not start on any of
 * them, and says which settings are wrong and why, all at once.
 */
@ApplicationScoped
public class TimerIntervalsCheck {

    /** Below this, sealing turns into a tight loop on the database (every instance seals). */
    static final Duration SEAL_MIN = Duration.ofMillis(10);
    /**
     * Above this, a read's audit record waits too long for the chain (docs/security.md names the gap); readers of
     * the whole trail seal first whatever the interval.
     */
    static final Duration SEAL_MAX = Duration.ofSeconds(10);

    void beforeCamelCreatesTheRoutes(@Observes BeforeConfigure event, GatewayConfig config) {
        Map<String, String> intervals = new LinkedHashMap<>();
        intervals.put("sagsbro.registry-reload-interval", config.registryReloadInterval());
        intervals.put("sagsbro.audit.anchor-interval", config.audit().anchorInterval());
        intervals.put("sagsbro.audit.seal-interval", config.audit().sealInterval());
        intervals.put("sagsbro.retention.sweep-interval", config.retention().sweepInterval());
        intervals.put("sagsbro.deadlines.sweep-interval", config.deadlines().sweepInterval());
        intervals.put("sagsbro.delivery.push-interval", config.delivery().pushInterval());
        intervals.put("sagsbro.notifications.send-interval", config.notifications().sendInterval());
        List<String> problems = problems(intervals);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Sagsbro does not start on these intervals:\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** Every setting whose value Camel's timer would not run on as meant, each with what is wrong. */
    static List<String> problems(Map<String, String> intervals) {
        List<String> problems = new ArrayList<>();
        intervals.forEach((setting, value) -> {
            Duration interval = asCamelReadsIt(value);
            String shown = dk.sagsbro.audit.LogText.of(value);
            if (interval == null || interval.isZero() || interval.isNegative()) {
                problems.add(setting + " is " + shown + ": an interval is a positive duration such as 200ms, 30s, "
                        + "10m, 1h or PT10M");
            } else if (setting.equals("sagsbro.audit.seal-interval")
                    && (interval.compareTo(SEAL_MIN) < 0 || interval.compareTo(SEAL_MAX) > 0)) {
                problems.add(setting + " is " + shown + ": it must lie between " + SEAL_MIN.toMillis() + "ms and "
                        + SEAL_MAX.toSeconds() + "s");
            }
        });
        return problems;
    }

    /** The period Camel's timer takes from the value (zero for what it cannot read), or null if it refuses it. */
    private static Duration asCamelReadsIt(String value) {
        try {
            return DurationConverter.toDuration(value);
        } catch (DateTimeParseException | IllegalArgumentException e) { // NumberFormatException included
            return null;
        }
    }
}
