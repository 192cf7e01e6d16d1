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
import dk.sagsbro.audit.LogText;
import dk.sagsbro.evidence.EvidenceBundles;
import dk.sagsbro.operations.DataSubjectRequests;
import dk.sagsbro.transfer.DeadlineKind;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferStatus;
import dk.sagsbro.transfer.OutstandingRecords;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.acknowledgement.RejectionReason;
import dk.sagsbro.metadata.RecordType;
import dk.sagsbro.metadata.TransferKind;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.UriInfo;
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
import java.net.URISyntaxException;
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

        static native TemplateInstance overview(ConsoleViews.Page page, List<StateCount> byState,
                List<StandingCount> byStanding, ListRow oldest, List<QueueRow> queues,
                long pendingPushes, long failingPushes, long unsentNotifications);

        static native TemplateInstance transfers(ConsoleViews.Page page, List<ListRow> rows, long total,
                ListFilter filter, String previous, String next, List<TransferStatus> states,
                List<DeadlineStanding> standings, List<String> problems);

        static native TemplateInstance transfer(ConsoleViews.Page page, Detail detail);

        static native TemplateInstance action(ConsoleViews.Page page, Detail detail, Action action, String reason,
                List<String> problems, String suggestedReceiver);

        static native TemplateInstance outbox(ConsoleViews.Page page, List<PushRow> pushes,
                List<EscalationRow> escalations, int limit);

        static native TemplateInstance audit(ConsoleViews.Page page, AuditAnchors.Verification verification,
                AuditTrail.Head head, String latestAnchor);

        static native TemplateInstance subjects(ConsoleViews.Page page, List<String> problems, String reason,
                List<ListRow> transfers, List<AccessRow> accesses, boolean answered);

        static native TemplateInstance chart(ConsoleViews.Page page, String municipality, int width,
                List<ConsoleViews.Column> columns, List<ConsoleViews.ShareRow> receivers, String period);

        static native TemplateInstance accessibility(ConsoleViews.Page page, String contact);
    }

    /** One entry of the audit trail as a data-subject request lists it. */
    public record AccessRow(long seq, String at, String actor, String action, String transferId) {
    }

    /** How many transfers are in a state. */
    public record StateCount(TransferStatus state, long count) {
    }

    /** How many transfers stand so against their deadlines. */
    public record StandingCount(DeadlineStanding standing, long count) {
    }

    /** A transfer in a list; {@code standing} is null where it is not shown. */
    public record ListRow(String id, TransferKind kind, TransferStatus status, String sender, String receiver,
            boolean urgent, String received, String age, DeadlineStanding standing) {
    }

    /** One receiving municipality's queue. */
    public record QueueRow(String receiver, String code, long waiting, long awaitingTakeOver, long reminded,
            long overdue, String oldestWaiting) {
    }

    /** The list filters as the operator typed them. */
    public record ListFilter(String state, String municipality, String standing, boolean urgent, String from,
            String to, int page) {
        public String query(int otherPage) {
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
            DeadlineStanding standing, MunicipalityRegistry.Delivery delivery, DeliveryJobs.Pending push,
            String nextAttempt, String pushUntil, List<ConsoleViews.Event> attempts,
            List<ConsoleViews.DeadlineRow> deadlines, List<AcknowledgementRow> acknowledgements,
            List<NotificationRow> notifications, List<OutstandingRow> outstanding, List<ConsoleViews.Event> timeline,
            List<Action> actions, String redirectedTo, Action done) {
    }

    /** A record announced as missing, to follow in a supplement. */
    public record OutstandingRow(RecordType type, String announced, String followedIn) {
    }

    /** A push under way. */
    public record PushRow(String transferId, String receiver, String endpoint, int attempts, String nextAttempt,
            String pushUntil) {
    }

    /** An escalation not yet accepted by its webhook. */
    public record EscalationRow(String transferId, Escalations.Subject subject, String webhook, String created,
            int attempts, String nextAttempt, String lastError) {
    }

    public record AcknowledgementRow(AcknowledgementKind kind, String at, String signedBy, RejectionReason reason,
            String rightMunicipality, String reasonText) {
    }

    public record NotificationRow(String id, Escalations.Subject subject, String webhook, String created,
            int attempts, String sent, String lastError) {
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
    @jakarta.inject.Inject
    OutstandingRecords outstandingRecords;
    @jakarta.ws.rs.core.Context
    HttpHeaders headers;
    @jakarta.ws.rs.core.Context
    UriInfo requestUri;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String sessionCookie;

    @GET
    @Path("login")
    @PermitAll
    public Response login(@QueryParam("error") boolean error) {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create(ConsolePaths.ROOT)).build();
        }
        return Response.ok(localized(Templates.login(error))).build();
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
        ConsoleMessages text = text();
        ConsoleViews.Page names = page("");
        List<QueueRow> rows = overview.queues().stream().map(q -> new QueueRow(names.municipality(q.receiver()),
                q.receiver(), q.waiting(), q.awaitingTakeOver(), q.reminded(), q.overdue(),
                ConsoleViews.age(q.oldestWaiting(), now, text))).toList();
        List<StateCount> byState = overview.byState().entrySet().stream()
                .map(e -> new StateCount(e.getKey(), e.getValue())).toList();
        List<StandingCount> byStanding = overview.byStanding().entrySet().stream()
                .map(e -> new StandingCount(e.getKey(), e.getValue())).toList();
        return localized(Templates.overview(page(text.navOverview(), config.console().refreshSeconds()), byState,
                byStanding, overview.oldestWaiting().map(r -> listRow(r, now, names, text)).orElse(null), rows,
                jobs.pending(), jobs.failing(), notifications.unsent()));
    }

    @GET
    @Path("transfers")
    public Response list(@QueryParam("state") String state, @QueryParam("municipality") String municipality,
            @QueryParam("standing") String standing, @QueryParam("overdue") boolean overdue,
            @QueryParam("urgent") boolean urgent, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") int pageNumber) {
        ListQuery query = listQuery(state, municipality, standing, overdue, urgent, from, to, pageNumber);
        ConsoleMessages text = text();
        if (!query.problems().isEmpty()) {
            return Response.status(400).entity(listPage(List.of(), 0, query.filter(), null, null, query.problems()))
                    .build();
        }
        int page = query.filter().page();
        TransferQueues.Page found = queues.search(query.search(), (long) page * PAGE_SIZE, PAGE_SIZE);
        Instant now = clock.instant();
        String previous = page > 0 ? query.filter().query(page - 1) : null;
        String next = (long) (page + 1) * PAGE_SIZE < found.total() ? query.filter().query(page + 1) : null;
        ConsoleViews.Page names = page("");
        return Response.ok(listPage(found.rows().stream().map(r -> listRow(r, now, names, text)).toList(),
                found.total(),
                query.filter(), previous, next, List.of())).build();
    }

    /**
     * The same list as a CSV file, every page of it (up to {@value #CSV_LIMIT} rows): semicolons and a byte-order
     * mark in Danish, so that a spreadsheet set up for Danish opens it in columns; commas in English. The export is
     * on the audit trail with the filter.
     */
    @GET
    @Path("transfers.csv")
    @Produces("text/csv")
    public Response csv(@QueryParam("state") String state, @QueryParam("municipality") String municipality,
            @QueryParam("standing") String standing, @QueryParam("overdue") boolean overdue,
            @QueryParam("urgent") boolean urgent, @QueryParam("from") String from, @QueryParam("to") String to) {
        ListQuery query = listQuery(state, municipality, standing, overdue, urgent, from, to, 0);
        if (!query.problems().isEmpty()) {
            return Response.status(400).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(listPage(List.of(), 0, query.filter(), null, null, query.problems())).build();
        }
        ConsoleMessages text = text();
        boolean danish = ConsoleLanguage.DANISH.equals(language());
        ConsoleCsv csv = new ConsoleCsv(danish ? ';' : ',');
        csv.row(List.of("id", text.colReceived(), text.colState(), text.colDeadline(), text.colKind(),
                text.colSender(), text.colReceiver(), text.colUrgent()));
        Map<String, String> names = municipalities.all();
        long offset = 0;
        TransferQueues.Page found;
        do {
            found = queues.search(query.search(), offset, CSV_PAGE);
            for (TransferQueues.Row row : found.rows()) {
                csv.row(List.of(row.id().toString(), ConsoleViews.time(row.receivedAt()), text.state(row.status()),
                        text.standing(row.standing()), text.kind(row.kind()),
                        names.getOrDefault(row.sender(), "?") + " (" + row.sender() + ")",
                        names.getOrDefault(row.receiver(), "?") + " (" + row.receiver() + ")",
                        row.urgent() ? text.yes() : text.no()));
            }
            offset += found.rows().size();
        } while (!found.rows().isEmpty() && offset < found.total() && offset < CSV_LIMIT);
        audit.append(new AuditTrail.Record(clock.instant(), OperatorActions.actor(identity.getPrincipal().getName()),
                null, AuditTrail.Read.EXPORT_CONSOLE_LIST.name(), null,
                query.filter().query(0) + "; " + offset + " rows"));
        String file = "sagsbro-" + LocalDate.now(clock.withZone(ConsoleViews.DANISH)) + ".csv";
        return Response.ok(csv.bytes(danish), "text/csv; charset=UTF-8")
                .header("Content-Disposition", "attachment; filename=\"" + file + "\"").build();
    }

    private static final int CSV_PAGE = 500;
    private static final int CSV_LIMIT = 100_000;

    /** The list's filters as typed, the search they mean, and what is wrong with them. */
    private record ListQuery(ListFilter filter, TransferQueues.Filter search, List<String> problems) {
    }

    private ListQuery listQuery(String state, String municipality, String standing, boolean overdue, boolean urgent,
            String from, String to, int pageNumber) {
        ConsoleMessages text = text();
        List<String> problems = new ArrayList<>();
        TransferStatus status = parse(TransferStatus.class, state, problems, text::problemState);
        DeadlineStanding standingWanted = overdue ? DeadlineStanding.OVERDUE
                : parse(DeadlineStanding.class, standing, problems, text::problemStanding);
        String code = null;
        if (municipality != null && !municipality.isBlank()) {
            code = municipalityCode(municipality.trim()).orElse(null);
            if (code == null) {
                problems.add(text.problemMunicipality(LogText.of(municipality)));
            }
        }
        Instant fromInstant = day(from, text.fromField(), problems, 0, text);
        Instant toInstant = day(to, text.toField(), problems, 1, text);
        int page = Math.max(0, pageNumber);
        ListFilter filter = new ListFilter(status == null ? "" : status.name(), code == null
                ? (municipality == null ? "" : municipality) : code,
                standingWanted == null ? "" : standingWanted.name(), urgent, from, to, page);
        return new ListQuery(filter, new TransferQueues.Filter(status, code, standingWanted, urgent, fromInstant,
                toInstant), problems);
    }

    /** A municipality by its code ("165", "0165") or its name, in any case ("albertslund", "Høje-Taastrup"). */
    private Optional<String> municipalityCode(String typed) {
        Optional<String> byCode = municipalities.normalise(typed);
        if (byCode.isPresent()) {
            return byCode;
        }
        String wanted = typed.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        return municipalities.all().entrySet().stream()
                .filter(e -> e.getValue().toLowerCase(Locale.ROOT).equals(wanted)
                        || e.getValue().toLowerCase(Locale.ROOT).replace(" kommune", "").equals(wanted))
                .map(Map.Entry::getKey).findFirst();
    }

    private TemplateInstance listPage(List<ListRow> rows, long total, ListFilter filter, String previous,
            String next, List<String> problems) {
        return localized(Templates.transfers(page(text().transfersTitle()), rows, total, filter, previous, next,
                List.of(TransferStatus.values()), List.of(DeadlineStanding.values()), problems));
    }

    /** Finds a transfer by its id, as typed or pasted (spaces, braces, upper case, "urn:uuid:" are forgiven). */
    @GET
    @Path("search")
    public Response search(@QueryParam("id") String typed) {
        ConsoleMessages text = text();
        String cleaned = typed == null ? "" : typed.strip().toLowerCase(Locale.ROOT).replace("urn:uuid:", "")
                .replaceAll("[{}\\s]", "");
        UUID id;
        try {
            id = UUID.fromString(cleaned);
            if (!id.toString().equals(cleaned)) {
                throw new IllegalArgumentException("not in canonical form");
            }
        } catch (IllegalArgumentException e) {
            return Response.status(400).entity(listPage(List.of(), 0, emptyFilter(), null, null,
                    List.of(text.searchNotAnId(typed == null ? "" : LogText.of(typed))))).build();
        }
        if (transfers.find(id).isEmpty()) {
            return Response.status(404).entity(listPage(List.of(), 0, emptyFilter(), null, null,
                    List.of(text.searchNotFound(id.toString())))).build();
        }
        return Response.seeOther(URI.create(ConsolePaths.ROOT + "/transfers/" + id)).build();
    }

    private static ListFilter emptyFilter() {
        return new ListFilter("", "", "", false, "", "", 0);
    }

    /**
     * The operator's choices of language and automatic reload, kept in cookies; answered with the page the
     * operator came from. Open before login, so the login page can be switched too.
     */
    @POST
    @Path("preferences")
    @PermitAll
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response preferences(@FormParam("language") String language, @FormParam("refresh") String refresh,
            @FormParam("back") String back) {
        Response.ResponseBuilder answer = Response.seeOther(consolePage(back));
        if (language != null && ConsoleLanguage.SUPPORTED.contains(language)) {
            answer.cookie(preference(ConsoleLanguage.COOKIE, language));
        }
        if ("paused".equals(refresh) || "on".equals(refresh)) {
            answer.cookie(preference(REFRESH_COOKIE, refresh));
        }
        return answer.build();
    }

    /**
     * Where {@code back} leads, if it is a page of this console (a path under /console, with at most a query, no
     * dot segments, nothing a header could be split with); otherwise the overview. So the form can send nobody
     * elsewhere, and a crafted value is never an error.
     */
    static URI consolePage(String back) {
        URI overview = URI.create(ConsolePaths.ROOT);
        if (back == null || back.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == '\\')) {
            return overview;
        }
        try {
            URI target = new URI(back);
            String path = target.getRawPath();
            boolean console = path != null && (path.equals(ConsolePaths.ROOT) || path.startsWith(ConsolePaths.ROOT + "/"));
            boolean plain = target.getScheme() == null && target.getRawAuthority() == null
                    && target.getRawFragment() == null && !path.contains("/.") && !path.contains("//");
            return console && plain ? target : overview;
        } catch (URISyntaxException e) {
            return overview;
        }
    }

    private static NewCookie preference(String name, String value) {
        return new NewCookie.Builder(name).path(ConsolePaths.ROOT).value(value).maxAge(365 * 24 * 3600)
                .secure(true).httpOnly(true).sameSite(NewCookie.SameSite.LAX).build();
    }

    static final String REFRESH_COOKIE = "sagsbro-refresh";
    private static final int MAX_QUERY_KEPT = 1000;

    /** The console's accessibility statement, in Danish as the law asks; open to anyone. */
    @GET
    @Path("tilgaengelighed")
    @PermitAll
    public TemplateInstance accessibility() {
        return localized(Templates.accessibility(page(text().a11yTitle()), config.console().accessibilityContact()));
    }

    @GET
    @Path("transfers/{id}")
    public TemplateInstance transfer(@PathParam("id") String id, @QueryParam("done") String done) {
        Detail detail = detail(id, done);
        audit.append(new AuditTrail.Record(clock.instant(), OperatorActions.actor(identity.getPrincipal().getName()),
                null, AuditTrail.Read.READ_CONSOLE_DETAIL.name(), detail.transfer().id(), null));
        return localized(Templates.transfer(page(text().transferHeading() + " " + detail.transfer().id()), detail));
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
                // Every problem of the form at once: the missing tick, and whatever is wrong with the reason.
                List<OperatorActions.Problem> problems = new ArrayList<>(List.of(new OperatorActions.Problem(
                        OperatorActions.Refusal.CONFIRMATION_MISSING, "tick the box to confirm the action")));
                try {
                    OperatorActions.checkedReason(reason);
                } catch (OperatorActions.ActionRefused alsoRefused) {
                    problems.addAll(alsoRefused.refusals());
                }
                throw new OperatorActions.ActionRefused(problems);
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
            return actionForm(detail, action, reason == null ? "" : ConsoleViews.masked(reason), said(refused), 409);
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
        ConsoleMessages text = text();
        String latest = anchors.latest().map(a -> text.anchorAt(a.seq(), ConsoleViews.time(a.anchoredAt())))
                .orElse(text.noAnchorYet());
        return localized(Templates.audit(page(text.auditTitle()), verification, audit.head(), latest));
    }

    /** The form of a data-subject request: a CPR number and the reason for asking. */
    @GET
    @Path("subjects")
    public TemplateInstance subjects() {
        return localized(Templates.subjects(page(text().subjectsTitle()), List.of(), "", List.of(), List.of(),
                false));
    }

    /**
     * Every transfer concerning the person with the CPR number given, and every access to them. The number is
     * neither stored nor shown again; the request is on the audit trail.
     */
    @POST
    @Path("subjects")
    @jakarta.ws.rs.Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response subjectRequest(@FormParam("cpr") String cpr, @FormParam("reason") String reason) {
        ConsoleViews.Page names = page(text().subjectsTitle());
        DataSubjectRequests.Answer answer;
        try {
            answer = dataSubjects.answer(cpr, identity.getPrincipal().getName(), reason);
        } catch (OperatorActions.ActionRefused refused) {
            return Response.status(422).entity(localized(Templates.subjects(names, said(refused),
                    reason == null ? "" : ConsoleViews.masked(reason), List.of(), List.of(), false))).build();
        }
        List<ListRow> rows = answer.transfers().stream().map(t -> new ListRow(t.id().toString(), t.kind(),
                t.status(), names.municipality(t.sender()), names.municipality(t.receiver()), t.urgent(),
                ConsoleViews.time(t.receivedAt()), "", null)).toList();
        List<AccessRow> accesses = answer.accesses().stream().map(e -> new AccessRow(e.seq(),
                ConsoleViews.time(e.record().occurredAt()), e.record().actor(), e.record().action(),
                e.record().transferId() == null ? "" : e.record().transferId().toString())).toList();
        return Response.ok(localized(Templates.subjects(names, List.of(), "", rows, accesses, true))).build();
    }

    /** What the gateway is still trying to send: pushes under way and escalations not yet accepted. */
    @GET
    @Path("outbox")
    public TemplateInstance outbox() {
        int limit = 200;
        ConsoleMessages text = text();
        ConsoleViews.Page names = page(text.outboxTitle());
        List<PushRow> pushes = jobs.pending(limit).stream().map(p -> new PushRow(p.transferId().toString(),
                transfers.find(p.transferId()).map(t -> names.municipality(t.receiver())).orElse(""),
                p.job().endpoint().toString(), p.job().attempts(), ConsoleViews.time(p.job().nextAttemptAt()),
                p.job().pushUntil() == null ? text.theDeliveryDeadline() : ConsoleViews.time(p.job().pushUntil())))
                .toList();
        List<EscalationRow> escalations = notifications.unsent(limit).stream().map(u -> new EscalationRow(
                u.transferId().toString(), Escalations.Subject.valueOf(u.notification().subject()),
                u.notification().webhook().toString(),
                ConsoleViews.time(u.notification().createdAt()), u.notification().attempts(),
                ConsoleViews.time(u.nextAttemptAt()), ConsoleViews.masked(u.notification().lastError()))).toList();
        return localized(Templates.outbox(names, pushes, escalations, limit));
    }

    @GET
    @Path("chart")
    public Response chart(@QueryParam("municipality") String municipality, @QueryParam("months") Integer months) {
        int span = months == null ? 12 : Math.min(36, Math.max(1, months));
        ConsoleMessages text = text();
        String code = municipality == null || municipality.isBlank() ? null
                : municipalityCode(municipality.trim()).orElse(null);
        if (municipality != null && !municipality.isBlank() && code == null) {
            return Response.status(400).entity(listPage(List.of(), 0, emptyFilter(), null, null,
                    List.of(text.problemMunicipality(LogText.of(municipality))))).build();
        }
        Instant now = clock.instant();
        YearMonth last = YearMonth.from(now.atZone(ConsoleViews.DANISH));
        YearMonth first = last.minusMonths(span - 1L);
        ResponseShares.Summary summary = shares.summary(first, last, code, now);
        Map<YearMonth, ResponseShares.Shares> perMonth = summary.perMonth();
        List<ConsoleViews.ShareRow> perReceiver = summary.perReceiver().entrySet().stream()
                .map(e -> ConsoleViews.shareRow(page("").municipality(e.getKey()), e.getValue(), text)).toList();
        return Response.ok(localized(Templates.chart(page(text.chartTitle()), code == null ? "" : code,
                ConsoleViews.chartWidth(perMonth.size()), ConsoleViews.columns(perMonth, text), perReceiver,
                text.periodRange(first.toString(), last.toString())))).build();
    }

    private Response actionForm(Detail detail, Action action, String reason, List<String> problems, int status) {
        String suggested = acknowledgements.find(detail.transfer().id(), AcknowledgementKind.REJECTED)
                .map(StoredAcknowledgement::rightMunicipality).orElse("");
        return Response.status(status).entity(localized(Templates.action(page(text().action(action)), detail, action,
                reason, problems, suggested == null ? "" : suggested))).build();
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
        MunicipalityRegistry.Delivery delivery = registry.current().entry(transfer.receiver())
                .map(MunicipalityRegistry.Entry::delivery).orElse(null);
        DeadlineStanding standing = queues.find(transferId).map(TransferQueues.Row::standing).orElse(null);
        ConsoleMessages text = text();
        List<ConsoleViews.Event> attempts = timeline.stream()
                .filter(e -> e.type() == TransferEventType.DELIVERY_ATTEMPT_FAILED).map(ConsoleResource::event)
                .toList();
        String redirectedTo = transfers.redirectOf(transferId).map(t -> t.id().toString()).orElse(null);
        List<AcknowledgementRow> acknowledged = acknowledgements.list(transferId).stream()
                .map(a -> new AcknowledgementRow(a.kind(), ConsoleViews.time(a.receivedAt()),
                        names.municipality(a.signedBy()), a.reasonCode(),
                        a.rightMunicipality() == null ? null : names.municipality(a.rightMunicipality()),
                        a.reasonText() == null ? null : ConsoleViews.masked(a.reasonText()))).toList();
        List<OutstandingRow> outstanding = outstandingRecords.of(transferId).stream()
                .map(o -> new OutstandingRow(o.type(), ConsoleViews.time(o.announcedAt()),
                        o.fulfilledBy() == null ? null : o.fulfilledBy().toString())).toList();
        List<NotificationRow> sent = notifications.forTransfer(transferId).stream()
                .map(n -> new NotificationRow(n.id().toString(), Escalations.Subject.valueOf(n.subject()),
                        n.webhook().toString(),
                        ConsoleViews.time(n.createdAt()), n.attempts(), ConsoleViews.time(n.sentAt()),
                        ConsoleViews.masked(n.lastError()))).toList();
        return new Detail(transfer, names.municipality(transfer.sender()), names.municipality(transfer.receiver()),
                ConsoleViews.time(transfer.receivedAt()), ConsoleViews.time(transfer.signedAt()), standing, delivery,
                push.orElse(null), push.map(p -> ConsoleViews.time(p.nextAttemptAt())).orElse(""),
                push.map(p -> p.pushUntil() == null ? text.theDeliveryDeadline()
                        : ConsoleViews.time(p.pushUntil())).orElse(""),
                attempts, deadlines(transfer, timeline, text), acknowledged, sent, outstanding,
                timeline.stream().map(ConsoleResource::event).toList(), actions.available(transfer), redirectedTo,
                done == null ? null : Action.bySlug(done).orElse(null));
    }

    private List<ConsoleViews.DeadlineRow> deadlines(Transfer transfer, List<TransferEvent> timeline,
            ConsoleMessages text) {
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
            rows.add(deadline(kind, due, met, !running.contains(kind), now, text));
        }
        return rows;
    }

    private static ConsoleViews.DeadlineRow deadline(DeadlineKind kind, Instant due, Instant met, boolean stopped,
            Instant now, ConsoleMessages text) {
        String standing;
        boolean late;
        if (met != null) {
            late = met.isAfter(due);
            standing = late ? text.metLate(ConsoleViews.time(met)) : text.met(ConsoleViews.time(met));
        } else if (stopped) {
            late = false;
            standing = text.noLongerRunning();
        } else {
            late = now.isAfter(due);
            standing = late ? text.deadlineOverdue() : text.deadlineOpen();
        }
        return new ConsoleViews.DeadlineRow(kind, ConsoleViews.time(due), standing, late);
    }

    private static Instant first(List<TransferEvent> timeline, TransferEventType... types) {
        List<TransferEventType> wanted = List.of(types);
        return timeline.stream().filter(e -> wanted.contains(e.type())).map(TransferEvent::occurredAt).findFirst()
                .orElse(null);
    }

    private static ConsoleViews.Event event(TransferEvent event) {
        return new ConsoleViews.Event(ConsoleViews.time(event.occurredAt()), event.type(), event.actor(),
                ConsoleViews.masked(event.detail() == null ? "" : event.detail()));
    }

    private ListRow listRow(TransferQueues.Row row, Instant now, ConsoleViews.Page names, ConsoleMessages text) {
        return new ListRow(row.id().toString(), row.kind(), row.status(),
                names.municipality(row.sender()), names.municipality(row.receiver()), row.urgent(),
                ConsoleViews.time(row.receivedAt()), ConsoleViews.age(row.receivedAt(), now, text), row.standing());
    }

    private ConsoleViews.Page page(String title) {
        return page(title, 0);
    }

    private ConsoleViews.Page page(String title, int refreshSeconds) {
        jakarta.ws.rs.core.Cookie refresh = headers.getCookies().get(REFRESH_COOKIE);
        boolean paused = refresh != null && "paused".equals(refresh.getValue());
        String path = requestUri.getRequestUri().getRawPath();
        String query = requestUri.getRequestUri().getRawQuery();
        // The way back for the language switch: the query too, unless it is long enough to be a pasted novel.
        String here = query == null || query.length() > MAX_QUERY_KEPT ? path : path + "?" + query;
        return new ConsoleViews.Page(title, identity.isAnonymous() ? "" : identity.getPrincipal().getName(),
                paused ? 0 : refreshSeconds, paused && refreshSeconds > 0, here, municipalities.all());
    }

    /** A refusal's problems in the operator's language; one that only has English text is shown as it is. */
    private List<String> said(OperatorActions.ActionRefused refused) {
        ConsoleMessages text = text();
        return refused.refusals().stream().map(p -> p.kind() == OperatorActions.Refusal.OTHER ? p.text()
                : text.refusal(p.kind())).toList();
    }

    private String language() {
        return ConsoleLanguage.of(headers);
    }

    private ConsoleMessages text() {
        return ConsoleLanguage.messages(language());
    }

    private TemplateInstance localized(TemplateInstance page) {
        return page.setLocale(language());
    }

    private static UUID notificationId(String value) {
        try {
            return UUID.fromString(value == null ? "" : value.trim());
        } catch (IllegalArgumentException e) {
            throw new OperatorActions.ActionRefused(OperatorActions.Refusal.NOTIFICATION_NOT_CHOSEN,
                    "choose one of this transfer's notifications to resend");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, List<String> problems,
            java.util.function.Function<String, String> problem) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(problem.apply(LogText.of(value)));
            return null;
        }
    }

    /** The start of the day (Danish time), or of the day after when {@code plusDays} is 1, so "to" is inclusive. */
    private static Instant day(String value, String name, List<String> problems, int plusDays,
            ConsoleMessages text) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).plusDays(plusDays).atStartOfDay(ConsoleViews.DANISH).toInstant();
        } catch (DateTimeParseException e) {
            problems.add(text.problemDate(name, LogText.of(value)));
            return null;
        }
    }
}
