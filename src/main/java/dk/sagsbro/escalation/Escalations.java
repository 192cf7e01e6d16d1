package dk.sagsbro.escalation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dk.sagsbro.transfer.TransferRepository;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Who is told what: reminders go to the receiving municipality's escalation webhooks; an overdue deadline, and every
 * later chase of it, to the receiver's and the sender's; an urgent transfer to the receiver's as soon as it is received; a cancelled transfer
 * to both. The JSON says which
 * transfer, which parties and which deadline, never anything of the case.
 */
public final class Escalations {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NotificationRepository notifications;
    private final Function<String, List<URI>> webhooksOf;

    /** What happened, as the webhook receives it. */
    public enum Subject {
        DEADLINE_REMINDER, DEADLINE_OVERDUE, DEADLINE_CHASED, URGENT_TRANSFER_RECEIVED, TRANSFER_CANCELLED,
        TRANSFER_REJECTED, CONTENT_DELETION_DUE;

        boolean toReceiver() {
            return this != TRANSFER_REJECTED;
        }

        boolean toSender() {
            return this == DEADLINE_OVERDUE || this == DEADLINE_CHASED || this == TRANSFER_CANCELLED
                    || this == TRANSFER_REJECTED || this == CONTENT_DELETION_DUE;
        }
    }

    /**
     * @param webhooksOf a municipality code's escalation webhooks, from the registry in force
     */
    public Escalations(NotificationRepository notifications, Function<String, List<URI>> webhooksOf) {
        this.notifications = notifications;
        this.webhooksOf = webhooksOf;
    }

    /** The notifications for one event, to be written in the transaction that records the event. */
    public TransferRepository.InTransaction notify(Subject subject, UUID transferId, String sender, String receiver,
            Map<String, String> details, Instant now) {
        List<URI> webhooks = new ArrayList<>(subject.toReceiver() ? webhooksOf.apply(receiver) : List.of());
        if (subject.toSender()) {
            webhooksOf.apply(sender).stream().filter(w -> !webhooks.contains(w)).forEach(webhooks::add);
        }
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("subject", subject.name());
        payload.put("transferId", transferId.toString());
        payload.put("sender", sender);
        payload.put("receiver", receiver);
        payload.putAll(details);
        payload.put("at", now.toString());
        try {
            return notifications.enqueuing(transferId, webhooks, JSON.writeValueAsString(payload), now);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
