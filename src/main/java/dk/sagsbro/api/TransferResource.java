package dk.sagsbro.api;

import dk.sagsbro.intake.IntakeRequest;
import dk.sagsbro.intake.IntakeResult;
import dk.sagsbro.intake.SubmissionReceipts;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferRole;
import dk.sagsbro.transfer.TransferStatus;
import jakarta.inject.Inject;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.apache.camel.ProducerTemplate;

import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * The transfer API for municipal case systems. Submissions go to the intake route; every read is limited to
 * transfers the calling municipality sends or receives, and any other id answers 404 exactly as an unknown one.
 */
@Path("/api/v1/transfers")
public class TransferResource {

    @Inject
    ProducerTemplate routes;

    @Inject
    CallingMunicipality caller;

    @Inject
    TransferRepository transfers;

    @POST
    @Consumes(PacketVerifier.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(InputStream packet, UriInfo uri) {
        IntakeResult result = routes.requestBody("direct:intake", new IntakeRequest(packet, caller.code()),
                IntakeResult.class);
        Transfer transfer = result.transfer();
        return Response.accepted(TransferViews.Accepted.of(transfer))
                .location(uri.getBaseUriBuilder().path("api/v1/transfers/{id}").build(transfer.id()))
                .build();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TransferViews.Page list(@QueryParam("role") @DefaultValue("sender") String roleName,
            @QueryParam("status") String statusName,
            @QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        TransferRole role = parse(TransferRole.class, "role", roleName).orElseThrow();
        Optional<TransferStatus> status = parse(TransferStatus.class, "status", statusName);
        TransferRepository.Page found = transfers.list(caller.code(), role, status, (long) page * size, size);
        return new TransferViews.Page(found.items().stream().map(TransferViews.Summary::of).toList(), page, size,
                found.total());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TransferViews.Detail get(@PathParam("id") String id) {
        Transfer transfer = visible(id);
        return TransferViews.Detail.of(transfer, transfers.timeline(transfer.id()));
    }

    @GET
    @Path("{id}/receipt")
    @Produces(SubmissionReceipts.MEDIA_TYPE)
    public Response receipt(@PathParam("id") String id) {
        Transfer transfer = visible(id);
        byte[] receipt = transfers.receipt(transfer.id()).orElseThrow(ApiException::notFound);
        return Response.ok(receipt, SubmissionReceipts.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + transfer.id() + "-receipt.p7m\"")
                .build();
    }

    private static <E extends Enum<E>> Optional<E> parse(Class<E> type, String parameter, String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Enum.valueOf(type, value.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.REQUEST_INVALID, 400, parameter + " must be one of "
                    + java.util.Arrays.toString(type.getEnumConstants()).toLowerCase(java.util.Locale.ROOT));
        }
    }

    private Transfer visible(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound();
        }
        return transfers.find(uuid).filter(t -> t.involves(caller.code())).orElseThrow(ApiException::notFound);
    }
}
