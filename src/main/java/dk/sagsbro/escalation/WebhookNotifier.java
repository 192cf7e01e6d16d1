package dk.sagsbro.escalation;

import dk.sagsbro.retry.Backoff;
import dk.sagsbro.signature.CmsSigner;

import dk.sagsbro.outbound.EndpointLanes;
import dk.sagsbro.outbound.Dispatcher;
import dk.sagsbro.outbound.OutboundCall;
import dk.sagsbro.outbound.OutboundFailure;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;

/**
 * Posts due notifications to their webhooks. A 2xx answer settles one; anything else is tried again later, with an
 * exponential back-off (5 s doubling up to an hour) and ±20% jitter so that retries from many transfers spread out.
 * A notification is never given up.
 *
 * <p>Webhooks go only over HTTPS. The gateway presents its client certificate, as it does when it pushes a packet,
 * and signs every message ({@link WebhookSignature}), so that a municipality can tell it from a forgery.
 */
public final class WebhookNotifier {
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;

    private final NotificationRepository notifications;
    private final CmsSigner signer;
    private final HttpClient http;
    private final EndpointLanes lanes;
    private static final int LANES = 8;
    private final Clock clock;
    private volatile Dispatcher<NotificationRepository.Notification> dispatcher = this::notifyOne;

    /**
     * @param signer the gateway's signing certificate and key, which sign every message
     * @param tls presents the gateway's client certificate and trusts the municipal PKI's anchors
     */
    public WebhookNotifier(NotificationRepository notifications, CmsSigner signer, SSLContext tls, Clock clock) {
        this(notifications, signer, tls, clock, TIMEOUT.plusSeconds(5));
    }

    /** @param roundBudget how long one round waits for its lanes (short in production; see EndpointLanes) */
    public WebhookNotifier(NotificationRepository notifications, CmsSigner signer, SSLContext tls, Clock clock,
            Duration roundBudget) {
        this.notifications = notifications;
        this.signer = signer;
        this.clock = clock;
        this.lanes = new EndpointLanes("webhook", LANES, 1, roundBudget);
        this.http = HttpClient.newBuilder().sslContext(tls).connectTimeout(TIMEOUT).build();
    }

    /** Replaces {@link #notifyOne} as the way each claimed notification is sent (the gateway: the notify-one route). */
    public void dispatchWith(Dispatcher<NotificationRepository.Notification> dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @return how many notifications this call delivered (within its round; a slow webhook's lane may go on) */
    public int sendDue() {
        return sendInLanes(claimDue());
    }

    /** Claims due notifications with a lease, none for a webhook whose lane is still busy. */
    public List<NotificationRepository.Notification> claimDue() {
        return notifications.claimDue(clock.instant(), BATCH, LEASE, lanes.busy());
    }

    /** Sends the claimed notifications, one lane per webhook, so that a slow webhook delays no other. */
    public int sendInLanes(List<NotificationRepository.Notification> claimed) {
        return lanes.run(claimed, NotificationRepository.Notification::webhook, n -> dispatcher.dispatch(n));
    }

    /** The steps of the notify-one route, in order, for use without Camel. */
    public int notifyOne(NotificationRepository.Notification notification) {
        try {
            return sent(send(notification));
        } catch (OutboundFailure failure) {
            return failed(notification, failure.getMessage());
        }
    }

    /**
     * POSTs the notification to its webhook.
     *
     * @throws OutboundFailure when the webhook did not accept it
     */
    public NotificationRepository.Notification send(NotificationRepository.Notification notification) {
        String error = post(notification);
        if (error != null) {
            throw new OutboundFailure(error);
        }
        return notification;
    }

    /** @return 1: the webhook accepted the notification, which is settled */
    public int sent(NotificationRepository.Notification notification) {
        notifications.sent(notification.id(), clock.instant());
        return 1;
    }

    /** Settles a refused notification: tried again after the back-off, never given up. @return 0 */
    public int failed(NotificationRepository.Notification notification, String why) {
        int attempts = notification.attempts() + 1;
        notifications.failed(notification.id(), attempts, clock.instant().plus(BACKOFF.after(attempts)), why);
        return 0;
    }

    /** @return null when the webhook accepted the notification, else what went wrong */
    private String post(NotificationRepository.Notification notification) {
        if (!"https".equals(notification.webhook().getScheme())) {
            return "not sent: escalation webhooks go only over HTTPS, and " + notification.webhook() + " is not";
        }
        String id = notification.id().toString();
        long timestamp = clock.instant().getEpochSecond();
        byte[] body = notification.payload().getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(notification.webhook()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Sagsbro-Transfer-Id", notification.transferId().toString())
                .header("Sagsbro-Notification-Id", id)
                .header(WebhookSignature.ID_HEADER, id)
                .header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(timestamp))
                .header(WebhookSignature.HEADER, WebhookSignature.sign(signer, id, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        return OutboundCall.send(http, request, TIMEOUT);
    }
}
