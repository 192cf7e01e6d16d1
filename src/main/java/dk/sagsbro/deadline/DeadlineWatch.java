package dk.sagsbro.deadline;

import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Looks at every open transfer and records, once each, the reminders, the overdue notice and the latest chase of
 * each deadline that has run out so far, with the notifications to the escalation webhooks. Which deadlines run is
 * the lifecycle's to say ({@link TransferLifecycle#deadlines}); each runs from the moment the packet became available
 * to the receiver, so a receiver that never fetches it is chased all the same. After downtime only the latest chase
 * due is sent, not every one that was missed. Everything is computed from stored times, so a deadline that passed while no gateway was
 * running is recorded at the first sweep after start-up, and several instances sweeping at once record it once.
 */
public final class DeadlineWatch {
    static final String ACTOR = "gateway";

    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final DeadlinePolicy policy;
    private final DanishWorkingDays calendar;
    private final Escalations escalations;
    private final Clock clock;

    public DeadlineWatch(TransferRepository transfers, DeadlinePolicy policy, DanishWorkingDays calendar,
            Escalations escalations, Clock clock) {
        this.transfers = transfers;
        this.changes = new TransferChanges(transfers);
        this.policy = policy;
        this.calendar = calendar;
        this.escalations = escalations;
        this.clock = clock;
    }

    /** @return how many notices this sweep recorded */
    public int sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int recorded = 0;
        for (TransferRepository.OpenTransfer transfer : transfers.open()) {
            for (Deadline deadline : openDeadlines(transfer)) {
                for (int i = 0; i < deadline.remindersDueAt(now); i++) {
                    int percent = policy.reminderPercentages().get(i);
                    recorded += record(transfer, deadline, "reminder-" + percent, TransferEventType.DEADLINE_REMINDER,
                            now, percent + "% of the time has passed", Map.of("percentElapsed", String.valueOf(percent)));
                }
                if (deadline.overdueAt(now)) {
                    recorded += record(transfer, deadline, "overdue", TransferEventType.DEADLINE_OVERDUE, now,
                            "overdue", Map.of());
                }
                int chases = policy.chasesDueAt(deadline, now);
                if (chases > 0) {
                    recorded += record(transfer, deadline, "chase-" + chases, TransferEventType.DEADLINE_CHASED,
                            now, "still unanswered, chase " + chases, Map.of("chase", String.valueOf(chases)));
                }
            }
        }
        return recorded;
    }

    /** The deadlines that the transfer's present state still runs against. */
    public List<Deadline> openDeadlines(TransferRepository.OpenTransfer transfer) {
        return TransferLifecycle.deadlines(transfer.kind(), transfer.status()).stream()
                .map(kind -> policy.deadline(kind, transfer.receivedAt(), transfer.urgent(), calendar)).toList();
    }

    /** Records the notice and, in the same transaction, the notifications to the escalation webhooks. */
    private int record(TransferRepository.OpenTransfer transfer, Deadline deadline, String step,
            TransferEventType type, Instant now, String what, Map<String, String> extra) {
        String detail = deadline.kind() + ": " + what + "; due " + deadline.due();
        Map<String, String> details = new LinkedHashMap<>(extra);
        details.put("deadline", deadline.kind().name());
        details.put("due", deadline.due().toString());
        Escalations.Subject subject = switch (type) {
            case DEADLINE_OVERDUE -> Escalations.Subject.DEADLINE_OVERDUE;
            case DEADLINE_CHASED -> Escalations.Subject.DEADLINE_CHASED;
            default -> Escalations.Subject.DEADLINE_REMINDER;
        };
        boolean recorded = changes.addEventOnce(transfer.id(), deadline.kind() + ":" + step,
                new TransferEvent(now, type, ACTOR, detail),
                escalations.notify(subject, transfer.id(), transfer.sender(), transfer.receiver(), details, now));
        return recorded ? 1 : 0;
    }
}
