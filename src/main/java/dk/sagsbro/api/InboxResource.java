package dk.sagsbro.api;

import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferRole;
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

import java.util.Arrays;
import java.util.stream.Collectors;

/** The calling municipality's inbox: transfers to it that wait for it to act, oldest first. */
@Path("/api/v1/inbox")
public class InboxResource {

    @Inject
    CallingMunicipality caller;

    @Inject
    TransferRepository transfers;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public TransferViews.Page inbox(@QueryParam("page") @DefaultValue("0") @Min(0) @Max(1_000_000) int page,
            @QueryParam("size") @DefaultValue("50") @Min(1) @Max(200) int size) {
        TransferRepository.Page found = transfers.list(caller.code(), TransferRole.RECEIVER,
                Arrays.stream(TransferStatus.values()).filter(TransferLifecycle::waitingForReceiver)
                        .collect(Collectors.toSet()), true, (long) page * size, size);
        return new TransferViews.Page(found.items().stream().map(TransferViews.Summary::of).toList(), page, size,
                found.total());
    }
}
