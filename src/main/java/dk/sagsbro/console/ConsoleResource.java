package dk.sagsbro.console;

import dk.sagsbro.acknowledgement.AcknowledgementKind;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.StoredAcknowledgement;
import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.gateway.GatewayConfig;
import dk.sagsbro.gateway.RegistryHolder;
import dk.sagsbro.operations.DeadlineStanding;
import dk.sagsbro.operations.OperatorActions;
import dk.sagsbro.operations.OperatorActions.Action;
import dk.sagsbro.operations.ResponseShares;
import dk.sagsbro.operations.TransferQueues;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.registry.MunicipalityRegistry;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.audit.AuditAnchors;
import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.evidence.EvidenceBundles;
import dk.sagsbro.operations.DataSubjectRequests;
import dk.sagsbro.transfer.DeadlineKind;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferStatus;
import io.quarkus.logging.Log;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The operator console: the queues at a glance, filtered lists, a transfer's page and the operator actions, and the
 * response-time chart. Server-side pages; metadata only (the gateway stores no case content), free text masked.
 */
@Path(ConsolePaths.ROOT)
@RolesAllowed(OperatorAccounts.ROLE)
@Produces(MediaType.TEXT_HTML)
public class ConsoleResource {
    private static final int PAGE_SIZE = 50;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance login(boolean error);

        static native TemplateInstance overview(ConsoleViews.Page page, List<Count> byState,
                List<Count> byStanding, ListRow oldest, List<QueueRow> queues,
                long pendingPushes, long failingPushes, long unsentNotifications);

        static native TemplateInstance transfers(ConsoleViews.Page page, List<ListRow> rows, long total,
                ListFilter filter, String previous, String next, List<TransferStatus> states,
                List<DeadlineStanding> standings, List<String> problems);

        static native TemplateInstance transfer(ConsoleViews.Page page, Detail detail);

        static native TemplateInstance action(ConsoleViews.Page page, Detail detail, String action, String label,
                String reason, List<String> problems, String suggestedReceiver,
                List<NotificationRepository.Sent> notifications);

        static native TemplateInstance outbox(ConsoleViews.Page page, List<PushRow> pushes,
                List<EscalationRow> escalations, int limit);

        static native TemplateInstance audit(ConsoleViews.Page page, AuditAnchors.Verification verification,
                AuditTrail.Head head, String latestAnchor);

        static native TemplateInstance subjects(ConsoleViews.Page page, List<String> problems, String reason,
                List<ListRow> transfers, List<AccessRow> accesses, boolean answered);

        static native TemplateInstance chart(ConsoleViews.Page page, String municipality, int width,
                List<ConsoleViews.Column> columns, List<ConsoleViews.ShareRow> receivers, String period);
    }

    /** One entry of the audit trail as a data-subject request lists it. */
    public record AccessRow(long seq, String at, String actor, String action, String transferId) {
    }

    /** A count with the list it stands for. */
    public record Count(String label, long count, String link) {
    }

    /** A transfer in a list. */
    public record ListRow(String id, String kind, String status, String sender, String receiver, boolean urgent,
            String received, String age, String standing) {
    }

    /** One receiving municipality's queue. */
    public record QueueRow(String receiver, String code, long waiting, long awaitingTakeOver, long reminded,
            long overdue, String oldestWaiting) {
    }

    /** The list filters as the operator typed them. */
    public record ListFilter(String state, String municipality, String standing, boolean urgent, String from,
            String to, int page) {
        String query(int otherPage) {
            StringBuilder query = new StringBuilder("?page=" + otherPage);
            append(query, "state", state);
            append(query, "municipality", municipality);
            append(query, "standing", standing);
            append(query, "urgent", urgent ? "true" : null);
            append(query, "from", from);
            append(query, "to", to);
            return query.toString();
        }

        private static void append(StringBuilder query, String name, String value) {
            if (value != null && !value.isBlank()) {
                query.append('&').append(name).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    /** Everything on a transfer's page. */
    public record Detail(Transfer transfer, String sender, String receiver, String received, String signed,
            String standing, String deliveryMode, DeliveryJobs.Pending push, String nextAttempt, String pushUntil,
            List<ConsoleViews.Event> attempts, List<ConsoleViews.DeadlineRow> deadlines,
            List<AcknowledgementRow> acknowledgements, List<NotificationRow> notifications,
            List<ConsoleViews.Event> timeline, List<Action> actions, String redirectedTo, String done) {
    }

    /** A push under way. */
    public record PushRow(String transferId, String receiver, String endpoint, int attempts, String nextAttempt,
            String pushUntil) {
    }

    /** An escalation not yet accepted by its webhook. */
    public record EscalationRow(String transferId, String subject, String webhook, String created, int attempts,
            String nextAttempt, String lastError) {
    }

    public record AcknowledgementRow(String kind, String at, String signedBy, String reason) {
    }

    public record NotificationRow(String id, String subject, String webhook, String created, int attempts,
            String sent, String lastError) {
    }

    @jakarta.inject.Inject
    TransferRepository transfers;
    @jakarta.inject.Inject
    TransferQueues queues;
    @jakarta.inject.Inject
    ResponseShares shares;
    @jakarta.inject.Inject
    OperatorActions actions;
    @jakarta.inject.Inject
    DeliveryJobs jobs;
    @jakarta.inject.Inject
    NotificationRepository notifications;
    @jakarta.inject.Inject
    AcknowledgementRepository acknowledgements;
    @jakarta.inject.Inject
    RegistryHolder registry;
    @jakarta.inject.Inject
    Municipalities municipalities;
    @jakarta.inject.Inject
    DeadlinePolicy policy;
    @jakarta.inject.Inject
    GatewayConfig config;
    @jakarta.inject.Inject
    SecurityIdentity identity;
    @jakarta.inject.Inject
    Clock clock;
    @jakarta.inject.Inject
    AuditTrail audit;
    @jakarta.inject.Inject
    AuditAnchors anchors;
    @jakarta.inject.Inject
    EvidenceBundles evidence;
    @jakarta.inject.Inject
    DataSubjectRequests dataSubjects;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;

    @GET
    @Path("login")
    @PermitAll
    public Response login(@QueryParam("error") boolean error) {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create(ConsolePaths.ROOT)).build();
        }
        return Response.ok(Templates.login(error)).build();
    }

    @POST
    @Path("logout")
    @PermitAll
    public Response logout() {
        return Response.seeOther(URI.create(ConsolePaths.ROOT + "/login"))
                .cookie(new NewCookie.Builder(sessionCookie).path("/").value("").maxAge(0).secure(true)
                        .httpOnly(true).build())
                .build();
    }

    @GET
    public TemplateInstance overview() {
        TransferQueues.Overview overview = queues.overview();
        Instant now = clock.instant();
        ConsoleViews.Page names = page("");
        List<QueueRow> rows = overview.queues().stream().map(q -> new QueueRow(names.municipality(q.receiver()),
                q.receiver(), q.waiting(), q.awaitingTakeOver(), q.reminded(), q.overdue(),
                ConsoleViews.age(q.oldestWaiting(), now))).toList();
        List<Count> byState = overview.byState().entrySet().stream().map(e -> new Count(e.getKey().name(),
                e.getValue(), "transfers?state=" + e.getKey().name())).toList();
        List<Count> byStanding = overview.byStanding().entrySet().stream().map(e -> new Count(e.getKey().name(),
                e.getValue(), "transfers?standing=" + e.getKey().name())).toList();
        return Templates.overview(page("Overview", config.console().refreshSeconds()), byState, byStanding,
                overview.oldestWaiting().map(r -> listRow(r, now)).orElse(null), rows,
                jobs.pending(), jobs.failing(), notifications.unsent());
    }

    @GET
    @Path("transfers")
    public Response list(@QueryParam("state") String state, @QueryParam("municipality") String municipality,
            @QueryParam("standing") String standing, @QueryParam("overdue") boolean overdue,
            @QueryParam("urgent") boolean urgent, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") int pageNumber) {
        List<String> problems = new ArrayList<>();
        TransferStatus status = parse(TransferStatus.class, "state", state, problems);
        DeadlineStanding standingWanted = overdue ? DeadlineStanding.OVERDUE
                : parse(DeadlineStanding.class, "standing", standing, problems);
        String code = null;
        if (municipality != null && !municipality.isBlank()) {
            code = municipalities.normalise(municipality.trim()).orElse(null);
            if (code == null) {
                problems.add("municipality: not one of the 98 municipality codes: " + municipality);
            }
        }
        Instant fromInstant = day(from, "from", problems, 0);
        Instant toInstant = day(to, "to", problems, 1);
        int page = Math.max(0, pageNumber);
        ListFilter filter = new ListFilter(status == null ? "" : status.name(), code == null ? "" : code,
                standingWanted == null ? "" : standingWanted.name(), urgent, from, to, page);
        List<TransferStatus> states = List.of(TransferStatus.values());
        List<DeadlineStanding> standings = List.of(DeadlineStanding.values());
        if (!problems.isEmpty()) {
            return Response.status(400).entity(Templates.transfers(page("Transfers"), List.of(), 0, filter, null,
                    null, states, standings, problems)).build();
        }
        TransferQueues.Page found = queues.search(new TransferQueues.Filter(status, code, standingWanted, urgent,
                fromInstant, toInstant), (long) page * PAGE_SIZE, PAGE_SIZE);
        Instant now = clock.instant();
        String previous = page > 0 ? filter.query(page - 1) : null;
        String next = (long) (page + 1) * PAGE_SIZE < found.total() ? filter.query(page + 1) : null;
        return Response.ok(Templates.transfers(page("Transfers"), found.rows().stream().map(r -> listRow(r, now))
                .toList(), found.total(), filter, previous, next, states, standings, problems)).build();
    }

    @GET
    @Path("transfers/{id}")
    public TemplateInstance transfer(@PathParam("id") String id, @QueryParam("done") String done) {
        Detail detail = detail(id, done);
        audit.append(new AuditTrail.Record(clock.instant(), OperatorActions.actor(identity.getPrincipal().getName()),
                null, AuditTrail.Read.READ_CONSOLE_DETAIL.name(), detail.transfer().id(), null));
        return Templates.transfer(page("Transfer " + detail.transfer().id()), detail);
    }

    /** The transfer's evidence bundle, for an operator answering a court or an auditor (on record as a read). */
    @GET
    @Path("transfers/{id}/evidence")
    @Produces(EvidenceBundles.MEDIA_TYPE)
    public Response evidence(@PathParam("id") String id) {
        Transfer transfer = transfers.find(parseId(id)).orElseThrow(NotFoundException::new);
        byte[] bundle = evidence.bundle(transfer, OperatorActions.actor(identity.getPrincipal().getName()), null,
                true);
        return Response.ok(bundle, EvidenceBundles.MEDIA_TYPE).header("Content-Disposition",
                "attachment; filename=\"" + transfer.id() + "-evidence.p7m\"").build();
    }

    /** The confirmation form of an action: what it will do, and a reason to give. */
    @GET
    @Path("transfers/{id}/{action}")
    public Response confirm(@PathParam("id") String id, @PathParam("action") String slug) {
        Action action = Action.bySlug(slug).orElseThrow(NotFoundException::new);
        return actionForm(detail(id, null), action, "", List.of(), 200);
    }

    @POST
    @Path("transfers/{id}/{action}")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response act(@PathParam("id") String id, @PathParam("action") String slug,
            @FormParam("reason") String reason, @FormParam("confirmed") String confirmed,
            @FormParam("receiver") String receiver, @FormParam("notification") String notification) {
        Action action = Action.bySlug(slug).orElseThrow(NotFoundException::new);
        Detail detail = detail(id, null);
        UUID transferId = detail.transfer().id();
        String operator = identity.getPrincipal().getName();
        try {
            if (!"yes".equals(confirmed)) {
                throw new OperatorActions.ActionRefused("tick the box to confirm the action");
            }
            switch (action) {
                case RETRY_DELIVERY -> actions.retryDelivery(transferId, operator, reason);
                case SWITCH_TO_INBOX -> actions.switchToInbox(transferId, operator, reason);
                case CANCEL -> actions.cancel(transferId, operator, reason);
                case REDIRECT -> actions.redirect(transferId, operator, reason, Optional.ofNullable(receiver));
                case RESEND_ESCALATION -> actions.resendEscalation(transferId, operator, reason,
                        notificationId(notification));
            }
        } catch (OperatorActions.ActionRefused refused) {
            // The reason is shown again for correction, masked: it may be refused for carrying a CPR number.
            return actionForm(detail, action, reason == null ? "" : ConsoleViews.masked(reason), refused.problems(),
                    409);
        }
        // The reason is in the timeline; the log names who did what to which transfer.
        Log.infof("operator %s: %s on transfer %s", dk.sagsbro.audit.LogText.of(operator), action.slug(), transferId);
        return Response.seeOther(URI.create(ConsolePaths.ROOT + "/transfers/" + transferId + "?done="
                + action.slug())).build();
    }

    /** The audit trail checked end to end: every hash recomputed, the head and every signed anchor compared. */
    @GET
    @Path("audit")
    public TemplateInstance audit() {
        AuditAnchors.Verification verification = anchors.verify();
        String latest = anchors.latest().map(a -> "entry " + a.seq() + ", signed " + ConsoleViews.time(a.anchoredAt()))
                .orElse("none yet");
        return Templates.audit(page("Audit trail"), verification, audit.head(), latest);
    }

    /** The form of a data-subject request: a CPR number and the reason for asking. */
    @GET
    @Path("subjects")
    public TemplateInstance subjects() {
        return Templates.subjects(page("Data-subject request"), List.of(), "", List.of(), List.of(), false);
    }

    /**
     * Every transfer concerning the person with the CPR number given, and every access to them. The number is
     * neither stored nor shown again; the request is on the audit trail.
     */
    @POST
    @Path("subjects")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subjectRequest(@FormParam("cpr") String cpr, @FormParam("reason") String reason) {
        ConsoleViews.Page names = page("Data-subject request");
        DataSubjectRequests.Answer answer;
        try {
            answer = dataSubjects.answer(cpr, identity.getPrincipal().getName(), reason);
        } catch (OperatorActions.ActionRefused refused) {
            return Response.status(422).entity(Templates.subjects(names, refused.problems(),
                    reason == null ? "" : ConsoleViews.masked(reason), List.of(), List.of(), false)).build();
        }
        List<ListRow> rows = answer.transfers().stream().map(t -> new ListRow(t.id().toString(), t.kind().name(),
                t.status().name(), names.municipality(t.sender()), names.municipality(t.receiver()), t.urgent(),
                ConsoleViews.time(t.receivedAt()), "", "")).toList();
        List<AccessRow> accesses = answer.accesses().stream().map(e -> new AccessRow(e.seq(),
                ConsoleViews.time(e.record().occurredAt()), e.record().actor(), e.record().action(),
                e.record().transferId() == null ? "" : e.record().transferId().toString())).toList();
        return Response.ok(Templates.subjects(names, List.of(), "", rows, accesses, true)).build();
    }

    /** What the gateway is still trying to send: pushes under way and escalations not yet accepted. */
    @GET
    @Path("outbox")
    public TemplateInstance outbox() {
        int limit = 200;
        ConsoleViews.Page names = page("Outbox");
        List<PushRow> pushes = jobs.pending(limit).stream().map(p -> new PushRow(p.transferId().toString(),
                transfers.find(p.transferId()).map(t -> names.municipality(t.receiver())).orElse(""),
                p.job().endpoint().toString(), p.job().attempts(), ConsoleViews.time(p.job().nextAttemptAt()),
                p.job().pushUntil() == null ? "the delivery deadline" : ConsoleViews.time(p.job().pushUntil())))
                .toList();
        List<EscalationRow> escalations = notifications.unsent(limit).stream().map(u -> new EscalationRow(
                u.transferId().toString(), u.notification().subject(), u.notification().webhook().toString(),
                ConsoleViews.time(u.notification().createdAt()), u.notification().attempts(),
                ConsoleViews.time(u.nextAttemptAt()), ConsoleViews.masked(u.notification().lastError()))).toList();
        return Templates.outbox(names, pushes, escalations, limit);
    }

    @GET
    @Path("chart")
    public Response chart(@QueryParam("municipality") String municipality, @QueryParam("months") Integer months) {
        int span = months == null ? 12 : Math.min(36, Math.max(1, months));
        String code = municipality == null || municipality.isBlank() ? null
                : municipalities.normalise(municipality.trim()).orElse(null);
        if (municipality != null && !municipality.isBlank() && code == null) {
            return Response.status(400).entity(Templates.transfers(page("Transfers"), List.of(), 0,
                    new ListFilter("", "", "", false, "", "", 0), null, null, List.of(TransferStatus.values()),
                    List.of(DeadlineStanding.values()),
                    List.of("municipality: not one of the 98 municipality codes: " + municipality))).build();
        }
        Instant now = clock.instant();
        YearMonth last = YearMonth.from(now.atZone(ConsoleViews.DANISH));
        YearMonth first = last.minusMonths(span - 1L);
        ResponseShares.Summary summary = shares.summary(first, last, code, now);
        Map<YearMonth, ResponseShares.Shares> perMonth = summary.perMonth();
        List<ConsoleViews.ShareRow> perReceiver = summary.perReceiver().entrySet().stream()
                .map(e -> ConsoleViews.shareRow(page("").municipality(e.getKey()), e.getValue())).toList();
        return Response.ok(Templates.chart(page("Response times"), code == null ? "" : code,
                ConsoleViews.chartWidth(perMonth.size()), ConsoleViews.columns(perMonth), perReceiver,
                first + " to " + last)).build();
    }

    private Response actionForm(Detail detail, Action action, String reason, List<String> problems, int status) {
        String suggested = acknowledgements.find(detail.transfer().id(), AcknowledgementKind.REJECTED)
                .map(StoredAcknowledgement::rightMunicipality).orElse("");
        return Response.status(status).entity(Templates.action(page(action.label()), detail, action.slug(),
                action.label(), reason, problems, suggested == null ? "" : suggested,
                notifications.forTransfer(detail.transfer().id()))).build();
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException();
        }
    }

    private Detail detail(String id, String done) {
        UUID transferId = parseId(id);
        Transfer transfer = transfers.find(transferId).orElseThrow(NotFoundException::new);
        ConsoleViews.Page names = page("");
        List<TransferEvent> timeline = transfers.timeline(transferId);
        Optional<DeliveryJobs.Pending> push = jobs.find(transferId);
        Optional<MunicipalityRegistry.Delivery> delivery = registry.current().entry(transfer.receiver())
                .map(MunicipalityRegistry.Entry::delivery);
        String mode = delivery.map(d -> d.mode() + (d.endpoint() == null ? "" : " to " + d.endpoint()))
                .orElse("not registered");
        String standing = queues.find(transferId).map(r -> r.standing().name()).orElse("");
        List<ConsoleViews.Event> attempts = timeline.stream()
                .filter(e -> e.type() == TransferEventType.DELIVERY_ATTEMPT_FAILED).map(ConsoleResource::event)
                .toList();
        String redirectedTo = transfers.redirectOf(transferId).map(t -> t.id().toString()).orElse(null);
        List<AcknowledgementRow> acknowledged = acknowledgements.list(transferId).stream()
                .map(a -> new AcknowledgementRow(a.kind().name(), ConsoleViews.time(a.receivedAt()),
                        names.municipality(a.signedBy()), ConsoleViews.masked(reason(a)))).toList();
        List<NotificationRow> sent = notifications.forTransfer(transferId).stream()
                .map(n -> new NotificationRow(n.id().toString(), n.subject(), n.webhook().toString(),
                        ConsoleViews.time(n.createdAt()), n.attempts(), ConsoleViews.time(n.sentAt()),
                        ConsoleViews.masked(n.lastError()))).toList();
        return new Detail(transfer, names.municipality(transfer.sender()), names.municipality(transfer.receiver()),
                ConsoleViews.time(transfer.receivedAt()), ConsoleViews.time(transfer.signedAt()), standing, mode,
                push.orElse(null), push.map(p -> ConsoleViews.time(p.nextAttemptAt())).orElse(""),
                push.map(p -> p.pushUntil() == null ? "the delivery deadline"
                        : ConsoleViews.time(p.pushUntil())).orElse(""),
                attempts, deadlines(transfer, timeline), acknowledged, sent,
                timeline.stream().map(ConsoleResource::event).toList(), actions.available(transfer), redirectedTo,
                done == null ? null : Action.bySlug(done).map(Action::label).orElse(null));
    }

    private List<ConsoleViews.DeadlineRow> deadlines(Transfer transfer, List<TransferEvent> timeline) {
        Instant now = clock.instant();
        Instant delivered = first(timeline, TransferEventType.DELIVERED);
        Instant answered = first(timeline, TransferEventType.ACKNOWLEDGED, TransferEventType.TAKEN_OVER,
                TransferEventType.REJECTED);
        Instant takenOver = first(timeline, TransferEventType.TAKEN_OVER);
        List<DeadlineKind> running = TransferLifecycle.deadlines(transfer.kind(), transfer.status());
        List<ConsoleViews.DeadlineRow> rows = new ArrayList<>();
        for (DeadlineKind kind : TransferLifecycle.deadlines(transfer.kind(), TransferStatus.RECEIVED)) {
            Instant due = policy.deadline(kind, transfer.receivedAt(), transfer.urgent(), new DanishWorkingDays())
                    .due();
            Instant met = switch (kind) {
                case DELIVERY -> delivered;
                case RECEIVED_ACKNOWLEDGEMENT -> answered;
                case TAKEN_OVER -> takenOver;
            };
            rows.add(deadline(DEADLINE_NAMES.get(kind), due, met, !running.contains(kind), now));
        }
        return rows;
    }

    private static final Map<DeadlineKind, String> DEADLINE_NAMES = Map.of(DeadlineKind.DELIVERY, "Delivery",
            DeadlineKind.RECEIVED_ACKNOWLEDGEMENT, "Acknowledgement of receipt", DeadlineKind.TAKEN_OVER,
            "Taken over");

    private static ConsoleViews.DeadlineRow deadline(String name, Instant due, Instant met, boolean stopped,
            Instant now) {
        String standing;
        boolean late;
        if (met != null) {
            late = met.isAfter(due);
            standing = (late ? "met late, " : "met, ") + ConsoleViews.time(met);
        } else if (stopped) {
            late = false;
            standing = "no longer running";
        } else {
            late = now.isAfter(due);
            standing = late ? "OVERDUE" : "open";
        }
        return new ConsoleViews.DeadlineRow(name, ConsoleViews.time(due), standing, late);
    }

    private static Instant first(List<TransferEvent> timeline, TransferEventType... types) {
        List<TransferEventType> wanted = List.of(types);
        return timeline.stream().filter(e -> wanted.contains(e.type())).map(TransferEvent::occurredAt).findFirst()
                .orElse(null);
    }

    private static String reason(StoredAcknowledgement acknowledgement) {
        if (acknowledgement.reasonCode() == null) {
            return "";
        }
        return acknowledgement.reasonCode() + (acknowledgement.rightMunicipality() == null ? ""
                : " (right municipality " + acknowledgement.rightMunicipality() + ")")
                + (acknowledgement.reasonText() == null ? "" : ": " + acknowledgement.reasonText());
    }

    private static ConsoleViews.Event event(TransferEvent event) {
        return new ConsoleViews.Event(ConsoleViews.time(event.occurredAt()), event.type().name(), event.actor(),
                ConsoleViews.masked(event.detail() == null ? "" : event.detail()));
    }

    private ListRow listRow(TransferQueues.Row row, Instant now) {
        ConsoleViews.Page names = page("");
        return new ListRow(row.id().toString(), row.kind().name(), row.status().name(),
                names.municipality(row.sender()), names.municipality(row.receiver()), row.urgent(),
                ConsoleViews.time(row.receivedAt()), ConsoleViews.age(row.receivedAt(), now), row.standing().name());
    }

    private ConsoleViews.Page page(String title) {
        return page(title, 0);
    }

    private ConsoleViews.Page page(String title, int refreshSeconds) {
        return new ConsoleViews.Page(title, identity.isAnonymous() ? "" : identity.getPrincipal().getName(),
                refreshSeconds, municipalities.all());
    }

    private static UUID notificationId(String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new OperatorActions.ActionRefused("choose one of this transfer's notifications to resend");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String name, String value, List<String> problems) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(name + ": not one of " + java.util.Arrays.toString(type.getEnumConstants()) + ": " + value);
            return null;
        }
    }

    /** The start of the day (Danish time), or of the day after when {@code plusDays} is 1, so "to" is inclusive. */
    private static Instant day(String value, String name, List<String> problems, int plusDays) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).plusDays(plusDays).atStartOfDay(ConsoleViews.DANISH).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(name + ": not a date (YYYY-MM-DD): " + value);
            return null;
        }
    }
}
