package dk.sagsbro.api;

import dk.sagsbro.problem.ApiException;

import dk.sagsbro.intake.IntakeRequest;
import dk.sagsbro.intake.IntakeResult;
import dk.sagsbro.intake.Redirects;
import dk.sagsbro.intake.UploadGuard;
import dk.sagsbro.intake.SubmissionReceipts;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.retention.PayloadRetention;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferRole;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferLifecycle;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import io.vertx.core.http.HttpServerRequest;

import dk.sagsbro.acknowledgement.AcknowledgementRecorder;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.AcknowledgementVerifier;
import dk.sagsbro.delivery.PullDelivery;
import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.evidence.EvidenceBundles;
import dk.sagsbro.transfer.TransferSubjects;
import dk.sagsbro.transfer.OutstandingRecords;
import dk.sagsbro.storage.PayloadStore;
import jakarta.ws.rs.core.StreamingOutput;

import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
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
    PayloadRetention retention;

    @Inject
    TransferRepository transfers;

    @Inject
    AcknowledgementRepository acknowledgements;

    @Inject
    AcknowledgementVerifier acknowledgementVerifier;

    @Inject
    AcknowledgementRecorder acknowledgementRecorder;

    @Inject
    PayloadStore payloads;

    @Inject
    PullDelivery pullDelivery;

    @Inject
    Redirects redirects;

    @Inject
    UploadGuard uploads;

    @Inject
    AuditTrail audit;

    @Inject
    EvidenceBundles evidence;

    @Inject
    TransferSubjects subjects;

    @Inject
    OutstandingRecords outstanding;

    @Inject
    java.time.Clock clock;

    /** An upload that sends nothing for this long is cut off (the HTTP server's setting, which its own stream used). */
    @ConfigProperty(name = "quarkus.http.read-timeout")
    java.time.Duration readTimeout;

    /** The body of a redirect: the right municipality, when the rejection did not name it. */
    public record RedirectRequest(String receiver) {
    }

    /** A signed acknowledgement is a few kilobytes; anything far larger is not one. */
    static final int MAX_ACKNOWLEDGEMENT_BYTES = 1 << 20;

    @POST
    @Consumes(PacketVerifier.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response submit(HttpServerRequest request, UriInfo uri) {
        IntakeResult result;
        try (UploadGuard.Slot slot = uploads.enter(caller.code()).orElseThrow(() -> new ApiException(
                ProblemType.TOO_MANY_UPLOADS, "municipality " + caller.code() + " already has "
                        + uploads.slotsPerMunicipality() + " uploads under way; submit when one has ended"));
                ReadAheadBody packet = new ReadAheadBody(request, readTimeout)) {
            result = routes.requestBody("direct:intake", new IntakeRequest(uploads.paced(packet), caller.code(),
                    caller.certificate()),
                    IntakeResult.class);
        }
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
        TransferRole role = QueryParameters.oneOf(TransferRole.class, "role", roleName).orElseThrow();
        Set<TransferStatus> status = QueryParameters.oneOf(TransferStatus.class, "status", statusName).map(Set::of).orElse(Set.of());
        TransferRepository.Page found = transfers.list(caller.code(), role, status, false, (long) page * size, size);
        return new TransferViews.Page(found.items().stream().map(TransferViews.Summary::of).toList(), page, size,
                found.total());
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public TransferViews.Detail get(@PathParam("id") String id) {
        Transfer transfer = visible(id);
        return TransferViews.Detail.of(transfer, transfers.timeline(transfer.id()),
                acknowledgements.list(transfer.id()), transfers.supplementsOf(transfer.id()),
                subjects.partyChildren(transfer.id()), outstanding.of(transfer.id()), caller.code());
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

    /**
     * The evidence bundle (docs/evidence.md): every receipt and acknowledgement as signed, the timeline and the
     * transfer's audit entries, signed by the gateway. For the sender and the receiver; only the sender learns where
     * a redirect sent the transfer.
     */
    @GET
    @Path("{id}/evidence")
    @Produces(EvidenceBundles.MEDIA_TYPE)
    public Response evidence(@PathParam("id") String id) {
        Transfer transfer = visible(id);
        byte[] bundle = evidence.bundle(transfer, caller.code(), caller.certificate(),
                transfer.sender().equals(caller.code()));
        return Response.ok(bundle, EvidenceBundles.MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + transfer.id() + "-evidence.p7m\"")
                .build();
    }

    /**
     * The packet, byte for byte as the sender submitted it, for the receiver only. The first complete download
     * delivers the transfer.
     */
    @GET
    @Path("{id}/packet")
    @Produces(PacketVerifier.MEDIA_TYPE)
    public Response packet(@PathParam("id") String id) {
        Transfer transfer = receivedBy(visible(id), "download the packet");
        if (TransferLifecycle.outcome(transfer.kind(), transfer.status(), LifecycleEvent.READ_PACKET)
                instanceof TransferLifecycle.Outcome.Refused refused) {
            throw new ApiException(refused.problem(), refused.why() + "; its packet is no longer available to you");
        }
        if (retention.deleted(transfer.id())) {
            throw new ApiException(ProblemType.PACKET_DELETED,
                    "the packet's content was deleted after the transfer ended; the case system holds the record");
        }
        String receiver = caller.code();
        // Opened before answering: once open, the bytes stay readable even if retention deletes the file meanwhile.
        InputStream opened = openPacket(transfer);
        try {
            // On record before the first byte leaves: a download that breaks off was still a read.
            audit.append(new AuditTrail.Record(clock.instant(), receiver, caller.certificate(),
                    AuditTrail.Read.READ_PACKET.name(), transfer.id(), transfer.packetSize() + " bytes"));
        } catch (RuntimeException e) {
            closeQuietly(opened);
            throw e;
        }
        StreamingOutput body = output -> {
            try (InputStream packet = opened) {
                packet.transferTo(output);
            }
            output.flush();
            pullDelivery.downloaded(transfer, receiver);
        };
        return Response.ok(body, PacketVerifier.MEDIA_TYPE)
                .header("Content-Length", transfer.packetSize())
                .header("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(
                        HexFormat.of().parseHex(transfer.packetDigest())) + ":")
                .header("Content-Disposition", "attachment; filename=\"" + transfer.id() + ".asice\"")
                .build();
    }

    /** A signed acknowledgement from the receiving municipality (CMS SignedData with the JSON statement inside). */
    @POST
    @Path("{id}/acknowledgements")
    @Consumes(SubmissionReceipts.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    public Response acknowledge(@PathParam("id") String id, InputStream body, UriInfo uri) throws IOException {
        Transfer transfer = receivedBy(visible(id), "acknowledge it");
        byte[] signed = body.readNBytes(MAX_ACKNOWLEDGEMENT_BYTES + 1);
        if (signed.length > MAX_ACKNOWLEDGEMENT_BYTES) {
            throw new ApiException(ProblemType.ACKNOWLEDGEMENT_TOO_LARGE,
                    "an acknowledgement is at most " + MAX_ACKNOWLEDGEMENT_BYTES + " bytes");
        }
        AcknowledgementRecorder.Recorded recorded = acknowledgementRecorder.record(transfer,
                acknowledgementVerifier.verify(signed, transfer), signed, caller.certificate());
        return Response.created(uri.getBaseUriBuilder().path("api/v1/transfers/{id}/acknowledgements/{ack}")
                        .build(transfer.id(), recorded.acknowledgement().id()))
                .entity(new TransferViews.AcknowledgementRecorded(
                        TransferViews.Acknowledgement.of(recorded.acknowledgement()), recorded.status()))
                .build();
    }

    /** An acknowledgement as the receiver signed it, for either party. */
    @GET
    @Path("{id}/acknowledgements/{acknowledgementId}")
    @Produces(SubmissionReceipts.MEDIA_TYPE)
    public Response acknowledgement(@PathParam("id") String id,
            @PathParam("acknowledgementId") String acknowledgementId) {
        Transfer transfer = visible(id);
        byte[] signed;
        try {
            signed = acknowledgements.signed(transfer.id(), UUID.fromString(acknowledgementId))
                    .orElseThrow(ApiException::notFound);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound();
        }
        return Response.ok(signed, SubmissionReceipts.MEDIA_TYPE).build();
    }

    /**
     * Continues a rejected transfer at the right municipality, as a new transfer with the same packet: the sender
     * redirects it (to the municipality it gives, or the one the rejection named); the receiver that rejected it
     * forwards it, only to the municipality its signed rejection named.
     */
    @POST
    @Path("{id}/redirect")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response redirect(@PathParam("id") String id, RedirectRequest request, UriInfo uri) {
        Transfer transfer = visible(id);
        Optional<String> receiver = Optional.ofNullable(request).map(RedirectRequest::receiver)
                .filter(r -> !r.isBlank());
        Transfer redirected = transfer.sender().equals(caller.code()) ? redirects.redirect(transfer, receiver)
                : redirects.forward(transfer, receiver);
        return Response.created(uri.getBaseUriBuilder().path("api/v1/transfers/{id}").build(redirected.id()))
                .entity(TransferViews.Accepted.of(redirected)).build();
    }

    /** The packet's content; a file that retention removed between the check and the opening answers 410 too. */
    private InputStream openPacket(Transfer transfer) {
        try {
            return payloads.open(transfer.payloadReference());
        } catch (java.nio.file.NoSuchFileException gone) {
            // Retention deletes the file first and records the deletion after: a final transfer's missing file is
            // that deletion under way. Anywhere else a missing file is a fault, answered 500 and logged.
            boolean ended = TransferLifecycle.outcome(transfer.kind(), transfer.status(),
                    LifecycleEvent.DELETE_CONTENT) instanceof TransferLifecycle.Outcome.Allowed;
            if (ended || retention.deleted(transfer.id())) {
                throw new ApiException(ProblemType.PACKET_DELETED, "the packet's content was deleted; the case "
                        + "system holds the record");
            }
            throw new java.io.UncheckedIOException(gone);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void closeQuietly(InputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // nothing was sent; the request fails for the reason already thrown
        }
    }

    private Transfer receivedBy(Transfer transfer, String action) {
        if (!transfer.receiver().equals(caller.code())) {
            throw new ApiException(ProblemType.NOT_RECEIVER, "only the receiving municipality may " + action);
        }
        return transfer;
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
