package dk.sagsbro.escalation;

import dk.sagsbro.retry.Backoff;

import dk.sagsbro.outbound.EndpointLanes;
import dk.sagsbro.outbound.OutboundCall;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Posts due notifications to their webhooks. A 2xx answer settles one; anything else is tried again later, with an
 * exponential back-off (5 s doubling up to an hour) and ±20% jitter so that retries from many transfers spread out.
 * A notification is never given up.
 */
public final class WebhookNotifier {
    static final Backoff BACKOFF = new Backoff(Duration.ofSeconds(5), Duration.ofHours(1));
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final int BATCH = 20;

    private final NotificationRepository notifications;
    private final HttpClient http;
    private final EndpointLanes lanes;
    private static final int LANES = 8;
    private final Clock clock;

    public WebhookNotifier(NotificationRepository notifications, Clock clock) {
        this(notifications, clock, TIMEOUT.plusSeconds(5));
    }

    /** @param roundBudget how long one round waits for its lanes (short in production; see EndpointLanes) */
    public WebhookNotifier(NotificationRepository notifications, Clock clock, Duration roundBudget) {
        this.notifications = notifications;
        this.clock = clock;
        this.lanes = new EndpointLanes("webhook", LANES, roundBudget);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** @return how many notifications this call delivered (within its round; a slow webhook's lane may go on) */
    public int sendDue() {
        List<NotificationRepository.Notification> due = notifications.claimDue(clock.instant(), BATCH, LEASE,
                lanes.busy());
        return lanes.run(due, NotificationRepository.Notification::webhook, this::send);
    }

    /** @return 1 when the webhook accepted the notification, else 0 */
    private int send(NotificationRepository.Notification notification) {
        String error = post(notification);
        if (error == null) {
            notifications.sent(notification.id(), clock.instant());
            return 1;
        }
        int attempts = notification.attempts() + 1;
        notifications.failed(notification.id(), attempts, clock.instant().plus(BACKOFF.after(attempts)), error);
        return 0;
    }

    /** @return null when the webhook accepted the notification, else what went wrong */
    private String post(NotificationRepository.Notification notification) {
        HttpRequest request = HttpRequest.newBuilder(notification.webhook()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Sagsbro-Transfer-Id", notification.transferId().toString())
                .header("Sagsbro-Notification-Id", notification.id().toString())
                .POST(HttpRequest.BodyPublishers.ofString(notification.payload())).build();
        return OutboundCall.send(http, request, TIMEOUT);
    }

}
