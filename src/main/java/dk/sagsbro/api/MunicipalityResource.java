package dk.sagsbro.api;

import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.operations.DeadlineStanding;
import dk.sagsbro.operations.TransferQueues;
import dk.sagsbro.transfer.DeadlineKind;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferStatus;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A municipality's own central unit (as KL recommended): every transfer of the calling municipality, in and out,
 * with how it stands against its deadlines, for the certificate's municipality only. What a redirect did after the
 * municipality's part ended is not shown here either.
 */
@Path("/api/v1/municipality/transfers")
public class MunicipalityResource {

    @Inject
    CallingMunicipality caller;

    @Inject
    TransferQueues queues;

    @Inject
    DeadlinePolicy policy;

    @Inject
    Clock clock;

    /** Whether the transfer comes to the municipality or goes from it. */
    public enum Direction {
        IN, OUT
    }

    /** One deadline the transfer still runs against. */
    public record RunningDeadline(DeadlineKind kind, Instant due, boolean overdue) {
    }

    /** One of the municipality's transfers. */
    public record Row(UUID id, Direction direction, String counterpart, TransferKind kind, TransferStatus status,
            boolean urgent, Instant receivedAt, DeadlineStanding standing, List<RunningDeadline> deadlines) {
    }

    public record Page(List<Row> items, int page, int size, long total) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Page transfers(@QueryParam("standing") String standingName, @QueryParam("status") String statusName,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        String municipality = caller.code();
        DeadlineStanding standing = QueryParameters.oneOf(DeadlineStanding.class, "standing", standingName)
                .orElse(null);
        TransferStatus status = QueryParameters.oneOf(TransferStatus.class, "status", statusName).orElse(null);
        TransferQueues.Page found = queues.search(new TransferQueues.Filter(status, municipality, standing, false,
                null, null), (long) page * size, size);
        Instant now = clock.instant();
        DanishWorkingDays calendar = new DanishWorkingDays();
        List<Row> rows = found.rows().stream().map(r -> new Row(r.id(),
                r.receiver().equals(municipality) ? Direction.IN : Direction.OUT,
                r.receiver().equals(municipality) ? r.sender() : r.receiver(), r.kind(), r.status(), r.urgent(),
                r.receivedAt(), r.standing(), TransferLifecycle.deadlines(r.kind(), r.status()).stream()
                        .map(kind -> policy.deadline(kind, r.receivedAt(), r.urgent(), calendar))
                        .map(d -> new RunningDeadline(d.kind(), d.due(), d.overdueAt(now))).toList()))
                .toList();
        return new Page(rows, page, size, found.total());
    }
}
