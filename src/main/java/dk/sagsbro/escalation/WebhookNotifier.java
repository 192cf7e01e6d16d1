package dk.sagsbro.escalation;

import dk.sagsbro.retry.Backoff;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
    private final Clock clock;

    public WebhookNotifier(NotificationRepository notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    /** @return how many notifications this call delivered */
    public int sendDue() {
        int sent = 0;
        List<NotificationRepository.Notification> due = notifications.claimDue(clock.instant(), BATCH, LEASE);
        for (NotificationRepository.Notification notification : due) {
            String error = post(notification);
            if (error == null) {
                notifications.sent(notification.id(), clock.instant());
                sent++;
            } else {
                int attempts = notification.attempts() + 1;
                notifications.failed(notification.id(), attempts, clock.instant().plus(BACKOFF.after(attempts)),
                        error);
            }
        }
        return sent;
    }

    /** @return null when the webhook accepted the notification, else what went wrong */
    private String post(NotificationRepository.Notification notification) {
        HttpRequest request = HttpRequest.newBuilder(notification.webhook()).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("Sagsbro-Transfer-Id", notification.transferId().toString())
                .header("Sagsbro-Notification-Id", notification.id().toString())
                .POST(HttpRequest.BodyPublishers.ofString(notification.payload())).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            return status / 100 == 2 ? null : "HTTP " + status;
        } catch (IOException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

}
