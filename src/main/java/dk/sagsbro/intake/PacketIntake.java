package dk.sagsbro.intake;

import dk.sagsbro.completeness.CompletenessCheck;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.registry.DeliveryMode;
import dk.sagsbro.registry.RegistryInForce;
import dk.sagsbro.metadata.CaseMetadata;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.packet.ContainerScanner;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.packet.ScannedContainer;
import dk.sagsbro.problem.PacketRejectedException;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferStatus;
import dk.sagsbro.transfer.TransferSubjects;
import dk.sagsbro.transfer.OutstandingRecords;
import dk.sagsbro.metadata.SubjectPseudonyms;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The steps of the intake route (routes/intake.camel.yaml): verify the packet while it streams into the payload
 * store, check completeness, reject with every problem found, or store the transfer and its signed receipt. Nothing
 * is kept of a rejected packet.
 */
@ApplicationScoped
@Named("packetIntake")
public class PacketIntake {
    static final String GATEWAY_ACTOR = "gateway";
    private static final ZoneId DANISH_TIME = ZoneId.of("Europe/Copenhagen");

    private final ContainerScanner scanner;
    private final PacketVerifier verifier;
    private final CompletenessCheck completeness;
    private final PayloadStore payloads;
    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final SubmissionReceipts receipts;
    private final Escalations escalations;
    private final DeliveryJobs deliveryJobs;
    private final RegistryInForce registry;
    private final SubjectPseudonyms pseudonyms;
    private final Clock clock;

    public PacketIntake(ContainerScanner scanner, PacketVerifier verifier, CompletenessCheck completeness,
            PayloadStore payloads, TransferRepository transfers, CmsSigner gatewaySigner, Escalations escalations,
            DeliveryJobs deliveryJobs, RegistryInForce registry, SubjectPseudonyms pseudonyms, Clock clock) {
        this.pseudonyms = pseudonyms;
        this.scanner = scanner;
        this.verifier = verifier;
        this.completeness = completeness;
        this.payloads = payloads;
        this.transfers = transfers;
        this.changes = new TransferChanges(transfers);
        this.receipts = new SubmissionReceipts(gatewaySigner);
        this.escalations = escalations;
        this.deliveryJobs = deliveryJobs;
        this.registry = registry;
        this.clock = clock;
    }

    /** Streams the packet into an encrypted pending payload while checking container, signature and metadata. */
    public IntakeCandidate verify(IntakeRequest request) throws IOException {
        PayloadStore.Pending payload = payloads.create();
        try {
            ScannedContainer container;
            try (InputStream packet = request.packet()) {
                container = scanner.scan(packet, payload.output());
            }
            payload.finishWriting();
            PacketVerifier.Verification verification = verifier.verify(container, Optional.of(request.submitter()),
                    algorithms -> {
                        try (InputStream again = payload.openWritten()) {
                            return scanner.scan(again, OutputStream.nullOutputStream(), algorithms);
                        }
                    });
            IntakeCandidate candidate = new IntakeCandidate(request.submitter(), request.submitterCertificate(),
                    payload, verification);
            candidate.addProblems(supplementProblems(verification.metadata()));
            return candidate;
        } catch (IOException | RuntimeException e) {
            payload.discard();
            throw e;
        }
    }

    public IntakeCandidate checkCompleteness(IntakeCandidate candidate) {
        CaseMetadata metadata = candidate.verification().metadata();
        if (metadata != null) {
            candidate.addProblems(completeness.check(metadata));
        }
        return candidate;
    }

    public IntakeCandidate rejectIfProblems(IntakeCandidate candidate) {
        if (!candidate.problems().isEmpty()) {
            Log.infof("packet rejected: %s", candidate.problems().stream().map(p -> p.type().slug()).distinct()
                    .toList());
            throw new PacketRejectedException(candidate.problems());
        }
        return candidate;
    }

    /** Publishes the payload and commits the transfer; the answer to the sender follows only after both. */
    public IntakeResult store(IntakeCandidate candidate) throws IOException {
        PacketVerifier.Verification verification = candidate.verification();
        CaseMetadata metadata = verification.metadata();
        String digest = verification.container().packetDigest();
        // A packet sent again (same id) is not looked for first: the primary key refuses its insert, which rolls
        // back everything else, and the earlier transfer is answered from the catch below. A look-up before every
        // commit cost every new packet a round trip to the database for the rare repeat.
        Instant receivedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean late = LocalDate.ofInstant(receivedAt, DANISH_TIME).isAfter(metadata.moveDate());
        Optional<Transfer> supplemented = metadata.supplementTo() == null ? Optional.empty()
                : transfers.find(metadata.supplementTo()).map(this::supplementedTransfer);
        Transfer transfer = new Transfer(metadata.transferId(), metadata.kind(), TransferStatus.RECEIVED,
                metadata.sender(), supplemented.map(Transfer::receiver).orElse(metadata.receiver()),
                candidate.submitter(), supplemented.map(Transfer::id).orElse(null),
                metadata.moveDate(), metadata.urgent(), metadata.addressProtected(), late, metadata.children().size(),
                metadata.records().size(), digest, verification.container().packetSize(),
                candidate.payload().reference(), completeness.policyVersion(),
                verification.signingTime() == null ? null : verification.signingTime().truncatedTo(ChronoUnit.MILLIS),
                receivedAt, null, receivedAt);
        List<TransferEvent> events = new ArrayList<>();
        events.add(new TransferEvent(receivedAt, TransferEventType.RECEIVED, candidate.submitter(),
                "packet of " + transfer.packetSize() + " bytes verified and stored; policy "
                        + transfer.policyVersion(), candidate.submitterCertificate()));
        if (supplemented.isPresent() && !supplemented.get().id().equals(metadata.supplementTo())) {
            events.add(new TransferEvent(receivedAt, TransferEventType.SUPPLEMENT_FOLLOWED_REDIRECT, GATEWAY_ACTOR,
                    "addressed to transfer " + metadata.supplementTo() + ", which continues as transfer "
                            + supplemented.get().id()));
        }
        if (late) {
            events.add(new TransferEvent(receivedAt, TransferEventType.SUBMITTED_LATE, GATEWAY_ACTOR,
                    "submitted after the move date " + metadata.moveDate()));
        }
        candidate.payload().checkPublishable();
        try {
            TransferRepository.InTransaction handOver = handOver(transfer);
            TransferRepository.InTransaction subjects = TransferSubjects.inserting(transfer.id(),
                    pseudonyms.subjects(metadata, LocalDate.ofInstant(receivedAt, DANISH_TIME)));
            TransferRepository.InTransaction announced = OutstandingRecords.announcing(transfer.id(),
                    metadata.missingRecords().stream().filter(CaseMetadata.MissingRecord::announcedToFollow)
                            .map(CaseMetadata.MissingRecord::type).toList(), receivedAt);
            TransferRepository.InTransaction followed = supplemented.isEmpty() ? connection -> { }
                    : OutstandingRecords.fulfilling(supplemented.get().id(), transfer.id(), metadata.records()
                            .stream().map(CaseMetadata.CaseRecord::type).collect(Collectors.toSet()), receivedAt);
            PayloadStore.Pending payload = candidate.payload();
            changes.insert(transfer, receipts.sign(transfer), events, connection -> {
                payload.writeInline(connection);
                handOver.run(connection);
                subjects.run(connection);
                announced.run(connection);
                followed.run(connection);
            });
            candidate.payload().published();
        } catch (TransferRepository.DuplicateTransferException sentBefore) {
            candidate.payload().discard();
            return earlierSubmission(metadata, digest, candidate).orElseThrow(() -> sentBefore);
        } catch (RuntimeException e) {
            // The commit may have happened even though it failed to say so (a connection lost while committing): only
            // a transfer that is certainly not stored gives up its payload. When that cannot be known, the file stays
            // for the orphan sweep, which deletes it only if no transfer refers to it.
            Optional<Transfer> stored;
            try {
                stored = transfers.find(transfer.id());
            } catch (RuntimeException unknown) {
                e.addSuppressed(unknown);
                throw e;
            }
            if (stored.isPresent() && stored.get().payloadReference().equals(candidate.payload().reference())) {
                Log.infof("transfer %s: its commit reported a failure but is stored", transfer.id());
                candidate.payload().published();
                return new IntakeResult(stored.get(), false, pushEndpoint(stored.get()).isPresent());
            }
            candidate.payload().discard();
            throw e;
        }
        Log.infof("transfer %s received from %s for %s", transfer.id(), transfer.sender(), transfer.receiver());
        return new IntakeResult(transfer, false, pushEndpoint(transfer).isPresent());
    }

    /**
     * What the transfer's commit also writes: a push-delivery job when the receiver takes packets by push, and for
     * an urgent transfer the notifications to the receiver's escalation webhooks.
     */
    public TransferRepository.InTransaction handOver(Transfer transfer) {
        Optional<java.net.URI> endpoint = pushEndpoint(transfer);
        TransferRepository.InTransaction push = endpoint.isPresent()
                ? deliveryJobs.creating(transfer.id(), endpoint.get(), transfer.receivedAt()) : connection -> { };
        TransferRepository.InTransaction urgent = transfer.urgent()
                ? escalations.notify(Escalations.Subject.URGENT_TRANSFER_RECEIVED, transfer.id(), transfer.sender(),
                        transfer.receiver(), java.util.Map.of("kind", transfer.kind().name()), transfer.receivedAt())
                : connection -> { };
        return connection -> {
            push.run(connection);
            urgent.run(connection);
        };
    }

    /** Where the transfer is pushed to, when its receiver takes packets by push. */
    private Optional<java.net.URI> pushEndpoint(Transfer transfer) {
        return registry.current().entry(transfer.receiver()).map(e -> e.delivery())
                .filter(delivery -> delivery.mode() == DeliveryMode.PUSH).map(delivery -> delivery.endpoint());
    }

    /** Called by the route when any step fails: the pending payload is removed. */
    public void discard(Object body) {
        if (body instanceof IntakeCandidate candidate) {
            candidate.payload().discard();
        }
    }

    private Optional<IntakeResult> earlierSubmission(CaseMetadata metadata, String digest, IntakeCandidate candidate) {
        Optional<Transfer> existing = transfers.find(metadata.transferId());
        if (existing.isEmpty()) {
            return Optional.empty();
        }
        candidate.payload().discard();
        if (existing.get().packetDigest().equals(digest) && existing.get().submittedBy().equals(candidate.submitter())) {
            return Optional.of(new IntakeResult(existing.get(), true, false));
        }
        throw new TransferConflictException(metadata.transferId());
    }

    private List<Problem> supplementProblems(CaseMetadata metadata) {
        if (metadata == null || metadata.kind() != TransferKind.SUPPLEMENT || metadata.supplementTo() == null) {
            return List.of();
        }
        Optional<Transfer> original = transfers.find(metadata.supplementTo());
        boolean matches = original.isPresent() && original.get().sender().equals(metadata.sender())
                && original.get().receiver().equals(metadata.receiver())
                && original.get().kind() != TransferKind.SUPPLEMENT;
        if (!matches) {
            return List.of(Problem.ofField(ProblemType.SUPPLEMENT_TARGET_UNKNOWN, "/supplementTo", "no transfer from "
                    + metadata.sender() + " to " + metadata.receiver() + " with this id to add to"));
        }
        Transfer current = supplementedTransfer(original.get());
        if (TransferLifecycle.outcome(current.kind(), current.status(), LifecycleEvent.ADD_SUPPLEMENT)
                instanceof TransferLifecycle.Outcome.Refused refused) {
            return List.of(Problem.ofField(refused.problem(), "/supplementTo", refused.why()));
        }
        return List.of();
    }

    /**
     * The transfer a supplement to {@code original} adds to: the original, or where it was redirected (once or over
     * several hops), the transfer its packet continues in, so late documents reach the municipality that has the
     * case now.
     */
    private Transfer supplementedTransfer(Transfer original) {
        Transfer current = original;
        while (TransferLifecycle.outcome(current.kind(), current.status(), LifecycleEvent.ADD_SUPPLEMENT)
                instanceof TransferLifecycle.Outcome.FollowsRedirect) {
            current = transfers.redirectOf(current.id()).orElseThrow(() -> new IllegalStateException(
                    "a redirected transfer without its continuation"));
        }
        return current;
    }

}
