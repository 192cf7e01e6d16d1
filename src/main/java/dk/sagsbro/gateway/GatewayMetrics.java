package dk.sagsbro.gateway;

import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.operations.TransferQueues;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.transfer.TransferMetrics;
import dk.sagsbro.transfer.TransferStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's own metrics, on the management port's /q/metrics. Counts come from the shared database, so every
 * instance reports the same figures (aggregate them with max, not sum); the latency histograms and the failed-push
 * counter are per instance (sum them).
 */
@Startup
@Singleton
public class GatewayMetrics implements TransferMetrics {
    /** How long one reading of the database serves scrapes, so that several scrapers do not each query it. */
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final TransferQueues queues;
    private final DeliveryJobs jobs;
    private final NotificationRepository notifications;
    private final AuditTrail audit;
    private final Clock clock;
    private final Timer deliveryLatency;
    private final Timer acknowledgementLatency;
    private final Counter failedPushes;
    private volatile Snapshot snapshot;

    private record Snapshot(Instant takenAt, Map<TransferStatus, Long> byState, long overdue, long reminded,
            long failingDeliveries, long unsentNotifications, double oldestWaitingSeconds, long unsealedRecords) {
    }

    public GatewayMetrics(MeterRegistry registry, TransferQueues queues, DeliveryJobs jobs,
            NotificationRepository notifications, PayloadStore payloads, AuditTrail audit, Clock clock) {
        this.queues = queues;
        this.audit = audit;
        this.jobs = jobs;
        this.notifications = notifications;
        this.clock = clock;
        for (TransferStatus status : TransferStatus.values()) {
            gauge(registry, "sagsbro.transfers", "Transfers by state", s -> s.byState().getOrDefault(status, 0L))
                    .tag("state", status.name()).register(registry);
        }
        gauge(registry, "sagsbro.transfers.overdue", "Open transfers with an overdue deadline", Snapshot::overdue)
                .register(registry);
        gauge(registry, "sagsbro.transfers.reminded", "Open transfers reminded of a deadline, not yet overdue",
                Snapshot::reminded).register(registry);
        gauge(registry, "sagsbro.delivery.failing", "Pushes that failed at least once and are still being retried",
                Snapshot::failingDeliveries).register(registry);
        gauge(registry, "sagsbro.notifications.unsent", "Escalation notifications not yet accepted by their webhook",
                Snapshot::unsentNotifications).register(registry);
        gauge(registry, "sagsbro.oldest.waiting.seconds", "Age of the oldest transfer waiting for its receiver",
                Snapshot::oldestWaitingSeconds).register(registry);
        gauge(registry, "sagsbro.audit.unsealed", "Audit records committed but not yet sealed into the hash chain "
                + "(sealing runs every few hundred milliseconds: a rising figure means it has stopped)",
                Snapshot::unsealedRecords).register(registry);
        Gauge.builder("sagsbro.payloads.held.bytes", payloads, PayloadStore::heldInMemoryBytes)
                .description("Bytes of small packets this instance holds in memory until their commit")
                .baseUnit("bytes").register(registry);
        deliveryLatency = Timer.builder("sagsbro.delivery.latency")
                .description("From the gateway accepting a packet to the receiver having it")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(2)).register(registry);
        acknowledgementLatency = Timer.builder("sagsbro.acknowledgement.latency")
                .description("From delivery to the receiver's signed RECEIVED acknowledgement")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofDays(2)).register(registry);
        failedPushes = Counter.builder("sagsbro.delivery.attempts.failed")
                .description("Pushes to receivers that failed (each is retried)").register(registry);
    }

    @Override
    public void delivered(Duration sinceReceived) {
        deliveryLatency.record(sinceReceived);
    }

    @Override
    public void acknowledged(Duration sinceDelivered) {
        acknowledgementLatency.record(sinceDelivered);
    }

    @Override
    public void deliveryAttemptFailed() {
        failedPushes.increment();
    }

    private Gauge.Builder<GatewayMetrics> gauge(MeterRegistry registry, String name, String description,
            ToDoubleFunction<Snapshot> value) {
        return Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.current())).description(description);
    }

    private Snapshot current() {
        Snapshot last = snapshot;
        Instant now = clock.instant();
        if (last == null || last.takenAt().plus(FRESH_FOR).isBefore(now) || last.takenAt().isAfter(now)) {
            TransferQueues.Overview overview = queues.overview();
            last = new Snapshot(now, overview.byState(), overview.overdue(),
                    overview.byStanding().getOrDefault(dk.sagsbro.operations.DeadlineStanding.REMINDED, 0L),
                    jobs.failing(), notifications.unsent(), overview.oldestWaiting()
                            .map(row -> Math.max(0, Duration.between(row.receivedAt(), now).toMillis() / 1000.0))
                            .orElse(0.0), audit.unsealed());
            snapshot = last;
        }
        return last;
    }
}
