package dk.sagsbro.acknowledgement;

import dk.sagsbro.delivery.DeliveryReceipts;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferMetrics;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferLifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Records a verified acknowledgement: it must fit the transfer's state, and each kind is recorded once. The state
 * change, the acknowledgement and its timeline event are committed together.
 */
public final class AcknowledgementRecorder {
    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final AcknowledgementRepository acknowledgements;
    private final DeliveryReceipts deliveryReceipts;
    private final Escalations escalations;
    private final Clock clock;
    private final TransferMetrics metrics;

    public AcknowledgementRecorder(TransferRepository transfers, AcknowledgementRepository acknowledgements,
            DeliveryReceipts deliveryReceipts, Escalations escalations, Clock clock) {
        this(transfers, acknowledgements, deliveryReceipts, escalations, clock, TransferMetrics.NONE);
    }

    public AcknowledgementRecorder(TransferRepository transfers, AcknowledgementRepository acknowledgements,
            DeliveryReceipts deliveryReceipts, Escalations escalations, Clock clock, TransferMetrics metrics) {
        this.escalations = escalations;
        this.transfers = transfers;
        this.changes = new TransferChanges(transfers);
        this.acknowledgements = acknowledgements;
        this.deliveryReceipts = deliveryReceipts;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The acknowledgement as stored, and the state its transfer is in after it. */
    public record Recorded(StoredAcknowledgement acknowledgement, TransferStatus status) {
    }

    public Recorded record(Transfer transfer, AcknowledgementVerifier.Verified verified, byte[] signed) {
        return record(transfer, verified, signed, null);
    }

    /**
     * Records it in one transaction; an acknowledgement of a kind already recorded (the unique key, or a state the
     * transfer has moved past) is looked up only then, to answer a replay apart from a different one.
     *
     * @param certificate the caller's client certificate (issuer and serial) for the audit trail, or null
     */
    public Recorded record(Transfer transfer, AcknowledgementVerifier.Verified verified, byte[] signed,
            String certificate) {
        AcknowledgementStatement statement = verified.statement();
        AcknowledgementKind kind = statement.kind();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        StoredAcknowledgement stored = new StoredAcknowledgement(UUID.randomUUID(), transfer.id(), kind, now,
                verified.signer(), statement.reasonCode(), statement.reasonText(), statement.rightMunicipality(),
                verified.signedDigest());
        String detail = statement.reasonCode() == null ? null : statement.reasonCode()
                + (statement.rightMunicipality() == null ? "" : ", right municipality " + statement.rightMunicipality());
        // A receiver that has the packet may answer before the gateway has recorded the push as delivered (it
        // acknowledges while the push's 2xx is on its way back): its signed answer proves the delivery. Both moves
        // and the acknowledgement are one transaction, which decides on the state it finds when it takes the
        // transfer's row: a refused acknowledgement changes nothing. A transfer read past RECEIVED is not tried: no
        // state leads back to RECEIVED, so the move (and its receipt) could only fail.
        List<TransferChanges.Move> deliveredFirst = kind == AcknowledgementKind.TAKEN_OVER
                || !(TransferLifecycle.outcome(transfer.kind(), transfer.status(), LifecycleEvent.DELIVER)
                        instanceof TransferLifecycle.Outcome.Allowed) ? List.of()
                : List.of(new TransferChanges.Move(transfer.kind(), LifecycleEvent.DELIVER, List.of(
                        new TransferEvent(now, TransferEventType.DELIVERED, verified.signer(),
                                "the receiver's signed " + kind + " shows it has the packet"))));
        TransferChanges.Move acknowledged = new TransferChanges.Move(transfer.kind(), kind.lifecycleEvent(),
                List.of(new TransferEvent(now, kind.event(), verified.signer(), detail, certificate)));
        Optional<TransferChanges.Moved> moved;
        try {
            moved = changes.transition(transfer.id(), deliveredFirst, acknowledged,
                    (connection, deliveredHere) -> {
                        acknowledgements.inserting(stored, signed).run(connection);
                        if (kind == AcknowledgementKind.REJECTED) {
                            // The sender hears of every rejection; where the family went is in its own view only.
                            escalations.notify(Escalations.Subject.TRANSFER_REJECTED, transfer.id(),
                                    transfer.sender(), transfer.receiver(), Map.of("reasonCode",
                                            statement.reasonCode().name()), now).run(connection);
                        }
                        if (deliveredHere.contains(true)) {
                            // Signed only now that this transaction delivers: it usually loses the race to its push,
                            // and a receipt signed before would then be for nothing. The transfer as read could still
                            // be delivered, so issuing signs at once.
                            deliveryReceipts.issuing(transfer, now, "the receiver's signed " + kind
                                    + " acknowledgement").run(connection);
                        }
                    });
        } catch (TransferRepository.DuplicateTransferException raced) {
            throw recordedBefore(transfer, kind, verified).orElseGet(() -> replayed(kind));
        }
        if (moved.isEmpty()) {
            Optional<AcknowledgementVerifier.RefusedException> again = recordedBefore(transfer, kind, verified);
            if (again.isPresent()) {
                throw again.get();
            }
            // Answer for the state the transfer is in now, which may have changed since it was read.
            Transfer current = transfers.find(transfer.id()).orElseThrow();
            throw TransferLifecycle.outcome(current.kind(), current.status(), kind.lifecycleEvent())
                    instanceof TransferLifecycle.Outcome.Refused refused ? refusal(refused.problem(), refused.why())
                    : refusal(ProblemType.ACKNOWLEDGEMENT_WRONG_STATE, "the transfer changed meanwhile; send it again");
        }
        boolean deliveredNow = moved.get().optionalMade().contains(true);
        if (deliveredNow) {
            metrics.delivered(Duration.between(transfer.receivedAt(), now));
        }
        if (kind == AcknowledgementKind.RECEIVED) {
            // Delivered by this transaction, or found delivered when it took the row (by a push before or after the
            // transfer was read): then it has been DELIVERED since its delivery.
            Optional<Instant> deliveredAt = deliveredNow ? Optional.of(now)
                    : moved.get().before() == TransferStatus.DELIVERED ? Optional.of(moved.get().beforeSince())
                    : Optional.empty();
            deliveredAt.ifPresent(at -> metrics.acknowledged(Duration.between(at, now)));
        }
        return new Recorded(stored, acknowledged.to());
    }

    /** The refusal for an acknowledgement of this kind already recorded: the same one again, or a different one. */
    private Optional<AcknowledgementVerifier.RefusedException> recordedBefore(Transfer transfer,
            AcknowledgementKind kind, AcknowledgementVerifier.Verified verified) {
        return acknowledgements.find(transfer.id(), kind).map(earlier -> earlier.signedDigest()
                .equals(verified.signedDigest()) ? replayed(kind) : refusal(ProblemType.ACKNOWLEDGEMENT_WRONG_STATE,
                "a different " + kind + " acknowledgement is already recorded"));
    }

    private static AcknowledgementVerifier.RefusedException replayed(AcknowledgementKind kind) {
        return new AcknowledgementVerifier.RefusedException(ProblemType.ACKNOWLEDGEMENT_REPLAYED, List.of(
                Problem.ofEntry(ProblemType.ACKNOWLEDGEMENT_REPLAYED, AcknowledgementVerifier.ENTRY,
                        "this " + kind + " acknowledgement is already recorded")));
    }

    private static AcknowledgementVerifier.RefusedException refusal(ProblemType type, String why) {
        return new AcknowledgementVerifier.RefusedException(type, List.of(
                Problem.ofEntry(type, AcknowledgementVerifier.ENTRY, why)));
    }
}
