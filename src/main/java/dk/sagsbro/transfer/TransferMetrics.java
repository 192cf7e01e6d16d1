package dk.sagsbro.transfer;

import java.time.Duration;

/** What the delivery and acknowledgement steps report as they happen, for the gateway's metrics. */
public interface TransferMetrics {
    TransferMetrics NONE = new TransferMetrics() {
    };

    /** A transfer reached its receiver, {@code sinceReceived} after the gateway accepted it. */
    default void delivered(Duration sinceReceived) {
    }

    /** The receiver confirmed receipt, {@code sinceDelivered} after the packet reached it. */
    default void acknowledged(Duration sinceDelivered) {
    }

    /** A push to a receiver failed and will be tried again. */
    default void deliveryAttemptFailed() {
    }
}
