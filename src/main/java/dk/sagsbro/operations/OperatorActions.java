package dk.sagsbro.operations;

import dk.sagsbro.acknowledgement.AcknowledgementKind;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.StoredAcknowledgement;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.metadata.CprNumbers;
import dk.sagsbro.problem.ApiException;
import dk.sagsbro.registry.DeliveryMode;
import dk.sagsbro.registry.MunicipalityRegistry;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferLifecycle;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What an operator can do to a transfer. Each action needs a reason, checks that it fits the transfer's present
 * state, and is recorded in the transfer's timeline with the operator's identity, in the same transaction as its
 * effect.
 */
public final class OperatorActions {
    /** The longest reason kept in a timeline entry. */
    public static final int MAX_REASON_LENGTH = 500;

    /** The operator actions, with the path segment and label the console uses. */
    public enum Action {
        RETRY_DELIVERY("retry-delivery", "Retry delivery now"),
        SWITCH_TO_INBOX("switch-to-inbox", "Switch to inbox"),
        CANCEL("cancel", "Cancel the transfer"),
        REDIRECT("redirect", "Redirect to the right municipality"),
        RESEND_ESCALATION("resend-escalation", "Resend an escalation");

        private final String slug;
        private final String label;

        Action(String slug, String label) {
            this.slug = slug;
            this.label = label;
        }

        public String slug() {
            return slug;
        }

        public String label() {
            return label;
        }

        public static Optional<Action> bySlug(String slug) {
            for (Action action : values()) {
                if (action.slug.equals(slug)) {
                    return Optional.of(action);
                }
            }
            return Optional.empty();
        }
    }

    /** Why an action was refused, for the console to say in the operator's language. */
    public enum Refusal {
        CONFIRMATION_MISSING, REASON_MISSING, REASON_TOO_LONG, REASON_HAS_CPR, CPR_NUMBER_INVALID,
        NOTIFICATION_NOT_CHOSEN, NOT_A_PUSH_RECEIVER, NO_PUSH_UNDER_WAY, CHANGED_MEANWHILE, NOT_REDIRECTABLE,
        NO_SUCH_TRANSFER,
        /** A refusal from elsewhere (the lifecycle, a redirect) whose English text is all there is. */
        OTHER
    }

    /** One refusal: what kind, and its English text (the log's and the tests' words). */
    public record Problem(Refusal kind, String text) {
    }

    /** An action that does not fit the transfer or was asked for without what it needs; nothing was changed. */
    public static final class ActionRefused extends RuntimeException {
        private final transient List<Problem> refusals;

        public ActionRefused(List<Problem> refusals) {
            super(String.join("; ", refusals.stream().map(Problem::text).toList()), null, false, false);
            this.refusals = List.copyOf(refusals);
        }

        public ActionRefused(Refusal kind, String text) {
            this(List.of(new Problem(kind, text)));
        }

        /** A refusal that only has an English text. */
        public ActionRefused(String text) {
            this(Refusal.OTHER, text);
        }

        public List<Problem> refusals() {
            return refusals;
        }

        /** The English texts. */
        public List<String> problems() {
            return refusals.stream().map(Problem::text).toList();
        }
    }

    /** Makes the redirect (the same one the sender can make through the API), naming who made it and why. */
    @FunctionalInterface
    public interface Redirector {
        Transfer redirect(Transfer transfer, Optional<String> receiver, String actor, String note);
    }

    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final DeliveryJobs jobs;
    private final NotificationRepository notifications;
    private final Escalations escalations;
    private final AcknowledgementRepository acknowledgements;
    private final Supplier<MunicipalityRegistry> registry;
    private final DeadlinePolicy deadlines;
    private final Redirector redirector;
    private final Clock clock;

    public OperatorActions(TransferRepository transfers, DeliveryJobs jobs, NotificationRepository notifications,
            Escalations escalations, AcknowledgementRepository acknowledgements,
            Supplier<MunicipalityRegistry> registry, DeadlinePolicy deadlines, Redirector redirector, Clock clock) {
        this.transfers = transfers;
        this.changes = new TransferChanges(transfers);
        this.jobs = jobs;
        this.notifications = notifications;
        this.escalations = escalations;
        this.acknowledgements = acknowledgements;
        this.registry = registry;
        this.deadlines = deadlines;
        this.redirector = redirector;
        this.clock = clock;
    }

    /** The actor recorded in timelines for an operator. */
    public static String actor(String operator) {
        return "operator:" + operator;
    }

    /** The actions that fit the transfer now (the console offers only these). */
    public List<Action> available(Transfer transfer) {
        List<Action> available = new ArrayList<>();
        boolean awaitsDelivery = allows(transfer, LifecycleEvent.RETRY_DELIVERY);
        if (awaitsDelivery && pushEndpoint(transfer).isPresent()) {
            available.add(Action.RETRY_DELIVERY);
        }
        if (awaitsDelivery && jobs.find(transfer.id()).isPresent()) {
            available.add(Action.SWITCH_TO_INBOX);
        }
        if (allows(transfer, LifecycleEvent.CANCEL)) {
            available.add(Action.CANCEL);
        }
        if (rejectedAsWrongMunicipality(transfer)) {
            available.add(Action.REDIRECT);
        }
        if (!notifications.forTransfer(transfer.id()).isEmpty()) {
            available.add(Action.RESEND_ESCALATION);
        }
        return available;
    }

    /**
     * Pushes the packet again now, and keeps trying for one more delivery period: for a receiver that was down and
     * is back, including after pushing stopped at the deadline.
     */
    public void retryDelivery(UUID id, String operator, String reason) {
        Transfer transfer = transfer(id);
        String why = checkedReason(reason);
        refuseUnlessAllowed(transfer, LifecycleEvent.RETRY_DELIVERY);
        URI endpoint = pushEndpoint(transfer).orElseThrow(() -> new ActionRefused(Refusal.NOT_A_PUSH_RECEIVER, "receiver " + transfer.receiver()
                + " collects packets from its inbox (PULL): there is nothing to push"));
        Instant now = now();
        Instant until = now.plus(deadlines.delivery());
        changes.addEvent(id, new TransferEvent(now, TransferEventType.DELIVERY_RETRY_REQUESTED, actor(operator),
                "push to " + endpoint + " now and until " + until + "; reason: " + why),
                jobs.retryingNow(id, endpoint, now, until));
    }

    /** Stops pushing: the packet waits in the receiver's inbox. */
    public void switchToInbox(UUID id, String operator, String reason) {
        Transfer transfer = transfer(id);
        String why = checkedReason(reason);
        if (!allows(transfer, LifecycleEvent.RETRY_DELIVERY) || jobs.find(id).isEmpty()) {
            throw new ActionRefused(Refusal.NO_PUSH_UNDER_WAY,
                    "no push is under way for this transfer (it is " + transfer.status() + ")");
        }
        changes.addEvent(id, new TransferEvent(now(), TransferEventType.DELIVERY_SWITCHED_TO_INBOX,
                actor(operator), "pushing stopped; the packet waits in the inbox; reason: " + why),
                jobs.removing(id));
    }

    /**
     * Cancels a transfer not yet taken over or redirected: pushing stops, the packet leaves the receiver's inbox
     * and can no longer be downloaded, its deadlines stop, and both municipalities are notified.
     */
    public void cancel(UUID id, String operator, String reason) {
        Transfer transfer = transfer(id);
        String why = checkedReason(reason);
        refuseUnlessAllowed(transfer, LifecycleEvent.CANCEL);
        Instant now = now();
        TransferRepository.InTransaction stopPushing = jobs.removing(id);
        TransferRepository.InTransaction notify = escalations.notify(Escalations.Subject.TRANSFER_CANCELLED, id,
                transfer.sender(), transfer.receiver(), Map.of("previousStatus", transfer.status().name()), now);
        boolean moved = changes.transition(id, new TransferChanges.Move(transfer.kind(), LifecycleEvent.CANCEL,
                List.of(new TransferEvent(now, TransferEventType.CANCELLED, actor(operator),
                        "was " + transfer.status() + "; reason: " + why))), connection -> {
                    stopPushing.run(connection);
                    notify.run(connection);
                });
        if (!moved) {
            throw new ActionRefused(Refusal.CHANGED_MEANWHILE,
                    "the transfer changed meanwhile; look again before cancelling");
        }
    }

    /** Redirects a transfer rejected as sent to the wrong municipality, as the sender could. */
    public Transfer redirect(UUID id, String operator, String reason, Optional<String> receiver) {
        Transfer transfer = transfer(id);
        String why = checkedReason(reason);
        if (!rejectedAsWrongMunicipality(transfer)) {
            throw new ActionRefused(Refusal.NOT_REDIRECTABLE,
                    "only a transfer rejected as sent to the wrong municipality can be redirected");
        }
        try {
            return redirector.redirect(transfer, receiver.filter(r -> !r.isBlank()), actor(operator),
                    "; reason: " + why);
        } catch (ApiException e) {
            throw new ActionRefused(e.getMessage());
        }
    }

    /** Sends one of the transfer's escalation notifications again, to the same webhook. */
    public void resendEscalation(UUID id, String operator, String reason, UUID notification) {
        transfer(id);
        String why = checkedReason(reason);
        NotificationRepository.Sent original = notifications.forTransfer(id).stream()
                .filter(n -> n.id().equals(notification)).findFirst()
                .orElseThrow(() -> new ActionRefused(Refusal.NOTIFICATION_NOT_CHOSEN,
                        "choose one of this transfer's notifications to resend"));
        Instant now = now();
        changes.addEvent(id, new TransferEvent(now, TransferEventType.ESCALATION_RESENT, actor(operator),
                original.subject() + " to " + original.webhook() + "; reason: " + why),
                notifications.resending(id, notification, now));
    }

    private static boolean allows(Transfer transfer, LifecycleEvent event) {
        return TransferLifecycle.outcome(transfer.kind(), transfer.status(), event)
                instanceof TransferLifecycle.Outcome.Allowed;
    }

    private static void refuseUnlessAllowed(Transfer transfer, LifecycleEvent event) {
        if (TransferLifecycle.outcome(transfer.kind(), transfer.status(), event)
                instanceof TransferLifecycle.Outcome.Refused refused) {
            throw new ActionRefused(refused.why());
        }
    }

    private boolean rejectedAsWrongMunicipality(Transfer transfer) {
        return allows(transfer, LifecycleEvent.REDIRECT)
                && acknowledgements.find(transfer.id(), AcknowledgementKind.REJECTED)
                        .filter(StoredAcknowledgement::allowsRedirect).isPresent();
    }

    private Optional<URI> pushEndpoint(Transfer transfer) {
        return registry.get().entry(transfer.receiver()).map(MunicipalityRegistry.Entry::delivery)
                .filter(d -> d.mode() == DeliveryMode.PUSH).map(MunicipalityRegistry.Delivery::endpoint);
    }

    private Transfer transfer(UUID id) {
        return transfers.find(id).orElseThrow(() -> new ActionRefused(Refusal.NO_SUCH_TRANSFER, "no transfer " + id));
    }

    /** A reason is required, kept short, and must not carry a CPR number into the timeline. */
    public static String checkedReason(String reason) {
        String trimmed = reason == null ? "" : reason.strip();
        List<Problem> problems = new ArrayList<>();
        if (trimmed.isEmpty()) {
            problems.add(new Problem(Refusal.REASON_MISSING, "give a reason: it is kept in the transfer's timeline"));
        }
        if (trimmed.length() > MAX_REASON_LENGTH) {
            problems.add(new Problem(Refusal.REASON_TOO_LONG,
                    "the reason is longer than " + MAX_REASON_LENGTH + " characters"));
        }
        if (CprNumbers.containsCprLike(trimmed)) {
            problems.add(new Problem(Refusal.REASON_HAS_CPR, "the reason must not contain a CPR number"));
        }
        if (!problems.isEmpty()) {
            throw new ActionRefused(problems);
        }
        return trimmed;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
