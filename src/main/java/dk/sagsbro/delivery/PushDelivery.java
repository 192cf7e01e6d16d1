package dk.sagsbro.delivery;

import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.retry.Backoff;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferMetrics;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferLifecycle;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import dk.sagsbro.outbound.EndpointLanes;
import dk.sagsbro.outbound.OutboundCall;
import dk.sagsbro.outbound.Dispatcher;
import dk.sagsbro.outbound.OutboundFailure;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Delivery by push: the packet is POSTed, over mutual TLS with the gateway's certificate, to the endpoint the
 * receiver registered; a 2xx answer delivers the transfer. Failures are retried with back-off and jitter until the
 * delivery deadline; then pushing stops, the transfer waits in the receiver's inbox, and the deadline watch's overdue
 * notice escalates it. Every attempt that fails is in the timeline. A repeated push carries the same
 * {@code Sagsbro-Transfer-Id}, so the receiver can tell it is the same transfer.
 */
public final class PushDelivery {
    public static final String TRANSFER_ID_HEADER = "Sagsbro-Transfer-Id";
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(2));
    private static final String ACTOR = "gateway";
    /** How many pushes to one receiver are in flight at once unless configured otherwise. */
    public static final int DEFAULT_PUSHES_PER_RECEIVER = 4;

    private final DeliveryJobs jobs;
    private final TransferChanges changes;
    private final DeliveryReceipts receipts;
    private final PayloadStore payloads;
    private final DeadlinePolicy deadlines;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private final TransferMetrics metrics;
    private final EndpointLanes lanes;
    /** How many due jobs a round claims: at least {@link #MIN_BATCH}, and one per push in flight to a receiver. */
    private final int batch;
    private static final int MIN_BATCH = 4;
    private static final int LANES = 8;
    private volatile Dispatcher<DeliveryJobs.Job> dispatcher = this::pushOne;

    /**
     * @param tls     trusts the receivers' server certificates and presents the gateway's
     * @param timeout how long one push may take, from connecting to the end of the receiver's answer
     */
    public PushDelivery(DeliveryJobs jobs, TransferRepository transfers, DeliveryReceipts receipts,
            PayloadStore payloads, DeadlinePolicy deadlines, SSLContext tls, Duration timeout, Clock clock) {
        this(jobs, transfers, receipts, payloads, deadlines, tls, timeout, clock, TransferMetrics.NONE);
    }

    public PushDelivery(DeliveryJobs jobs, TransferRepository transfers, DeliveryReceipts receipts,
            PayloadStore payloads, DeadlinePolicy deadlines, SSLContext tls, Duration timeout, Clock clock,
            TransferMetrics metrics) {
        this(jobs, transfers, receipts, payloads, deadlines, tls, timeout, clock, metrics, timeout.plusSeconds(5),
                DEFAULT_PUSHES_PER_RECEIVER);
    }

    /**
     * @param timeout     how long one push may take, from connecting to the end of the receiver's answer
     * @param roundBudget how long one round waits for its lanes (short in production: a slow receiver's lane goes
     *                    on by itself, see EndpointLanes)
     * @param perReceiver how many pushes to one receiver are in flight at once
     */
    public PushDelivery(DeliveryJobs jobs, TransferRepository transfers, DeliveryReceipts receipts,
            PayloadStore payloads, DeadlinePolicy deadlines, SSLContext tls, Duration timeout, Clock clock,
            TransferMetrics metrics, Duration roundBudget, int perReceiver) {
        this.receipts = receipts;
        this.lanes = new EndpointLanes("push", LANES, perReceiver, roundBudget);
        this.batch = Math.max(MIN_BATCH, perReceiver);
        this.metrics = metrics;
        this.jobs = jobs;
        this.changes = new TransferChanges(transfers);
        this.payloads = payloads;
        this.deadlines = deadlines;
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A push about to be made: the job and the transfer it delivers. */
    public record Attempt(DeliveryJobs.Job job, Transfer transfer) {
    }

    /** Replaces {@link #pushOne} as the way each claimed job is pushed (the gateway: the push-one route). */
    public void dispatchWith(Dispatcher<DeliveryJobs.Job> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @return how many transfers this call delivered (within its round; a slow receiver's lane may go on) */
    public int deliverDue() {
        return pushInLanes(claimDue());
    }

    /** Claims due jobs with a lease, none for an endpoint whose lane is still busy. */
    public List<DeliveryJobs.Job> claimDue() {
        return jobs.claimDue(clock.instant(), batch, timeout.multipliedBy(2), lanes.busy());
    }

    /** Pushes the claimed jobs, one lane per endpoint, so that a slow receiver delays no other. */
    public int pushInLanes(List<DeliveryJobs.Job> claimed) {
        return lanes.run(claimed, DeliveryJobs.Job::endpoint, job -> dispatcher.dispatch(job));
    }

    /** The steps of the push-one route, in order, for use without Camel. */
    public int pushOne(DeliveryJobs.Job job) {
        Attempt attempt = prepare(job);
        if (attempt == null) {
            return 0;
        }
        try {
            return delivered(send(attempt));
        } catch (OutboundFailure failure) {
            failed(attempt, failure.getMessage());
            return 0;
        }
    }

    /**
     * Decides whether the job is still to be pushed. A transfer delivered meanwhile (pulled from the inbox, say)
     * drops its job; one whose push window has closed switches to the inbox, on record.
     *
     * @return the attempt to make, or null when there is none
     */
    public Attempt prepare(DeliveryJobs.Job job) {
        // As the claim read it a moment ago: a delivery meanwhile (a pull) is caught when the push is settled,
        // whose move is refused then.
        Transfer transfer = job.transfer();
        if (!(TransferLifecycle.outcome(transfer.kind(), transfer.status(), LifecycleEvent.DELIVER)
                instanceof TransferLifecycle.Outcome.Allowed)) {
            jobs.remove(transfer.id());
            return null;
        }
        Instant now = now();
        Instant pushUntil = job.pushUntil() != null ? job.pushUntil()
                : deadlines.delivery(transfer.receivedAt()).due();
        if (now.isAfter(pushUntil)) {
            changes.addEvent(transfer.id(), new TransferEvent(now, TransferEventType.DELIVERY_SWITCHED_TO_INBOX,
                    ACTOR, "no delivery to " + job.endpoint() + " after " + job.attempts()
                            + " attempt(s); the packet waits in the inbox"), jobs.removing(transfer.id()));
            return null;
        }
        return new Attempt(job, transfer);
    }

    /**
     * POSTs the packet to the receiver's endpoint, one deadline over the whole exchange.
     *
     * @throws OutboundFailure when the receiver did not accept it
     */
    public Attempt send(Attempt attempt) {
        String failure = push(attempt.transfer(), attempt.job());
        if (failure != null) {
            throw new OutboundFailure(failure);
        }
        return attempt;
    }

    /**
     * Settles an accepted push: the transfer is delivered, its delivery receipt signed and its job removed, in one
     * transaction.
     *
     * @return 1 when this push delivered the transfer, 0 when something else had already
     */
    public int delivered(Attempt attempt) {
        Transfer transfer = attempt.transfer();
        DeliveryJobs.Job job = attempt.job();
        Instant deliveredAt = now();
        // Signed before the transaction (prepare found the transfer still to be delivered), so that its row is not
        // held for a signature's time; stored by the move itself.
        byte[] receipt = receipts.sign(transfer, deliveredAt, "push accepted by " + job.endpoint());
        boolean moved = changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(),
                LifecycleEvent.DELIVER, List.of(new TransferEvent(deliveredAt, TransferEventType.DELIVERED,
                        ACTOR, "pushed to " + job.endpoint()))).withDeliveryReceipt(receipt),
                jobs.removing(transfer.id()));
        if (moved) {
            metrics.delivered(Duration.between(transfer.receivedAt(), deliveredAt));
            return 1;
        }
        jobs.remove(transfer.id());
        return 0;
    }

    /**
     * Settles a failed push: the attempt is on record and the job is tried again after the back-off.
     *
     * @return 0: nothing was delivered
     */
    public int failed(Attempt attempt, String why) {
        int attempts = attempt.job().attempts() + 1;
        metrics.deliveryAttemptFailed();
        Instant now = now();
        changes.addEvent(attempt.transfer().id(), new TransferEvent(now, TransferEventType.DELIVERY_ATTEMPT_FAILED,
                ACTOR, "attempt " + attempts + " to " + attempt.job().endpoint() + ": " + why),
                jobs.retrying(attempt.transfer().id(), attempts, now.plus(BACKOFF.after(attempts))));
        return 0;
    }

    /** @return null when the receiver accepted the packet, else what went wrong */
    private String push(Transfer transfer, DeliveryJobs.Job job) {
        HttpRequest.BodyPublisher body;
        if (job.storedCiphertext() != null) {
            // Read with the claim, so at most CIPHERTEXT_WITH_CLAIM_MAX_BYTES: decrypted (and authenticated) whole
            // before anything is sent, and handed to the client as one array rather than pulled from a stream.
            try (InputStream packet = payloads.open(transfer.payloadReference(), job.storedCiphertext())) {
                body = HttpRequest.BodyPublishers.ofByteArray(packet.readAllBytes());
            } catch (IOException e) {
                return OutboundCall.describe(e);
            }
        } else {
            body = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                try {
                    return payloads.open(transfer.payloadReference());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }), transfer.packetSize());
        }
        HttpRequest request = HttpRequest.newBuilder(job.endpoint()).timeout(timeout)
                .header("Content-Type", PacketVerifier.MEDIA_TYPE)
                .header(TRANSFER_ID_HEADER, transfer.id().toString())
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
                        HexFormat.of().parseHex(transfer.packetDigest())) + ":")
                .POST(body).build();
        return OutboundCall.send(http, request, timeout);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

}
