package dk.sagsbro.intake;

import dk.sagsbro.acknowledgement.AcknowledgementKind;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.RejectionReason;
import dk.sagsbro.acknowledgement.StoredAcknowledgement;
import dk.sagsbro.problem.ApiException;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import dk.sagsbro.transfer.TransferSubjects;
import dk.sagsbro.transfer.OutstandingRecords;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Redirects a transfer that the receiver rejected as sent to the wrong municipality, or because the family has moved
 * on before the takeover: the same packet continues as a new transfer to the right one, linked to the first (one
 * chain of custody over any number of hops), with its own signed receipt. The first transfer becomes REDIRECTED.
 * The sender (or an operator) redirects; the receiver forwards, but only to the municipality its signed rejection
 * names. Redirecting again answers with the same new transfer.
 */
@ApplicationScoped
public class Redirects {
    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final AcknowledgementRepository acknowledgements;
    private final Municipalities municipalities;
    private final PacketIntake intake;
    private final SubmissionReceipts receipts;
    private final Clock clock;

    public Redirects(TransferRepository transfers, AcknowledgementRepository acknowledgements,
            Municipalities municipalities, PacketIntake intake, CmsSigner gatewaySigner, Clock clock) {
        this.transfers = transfers;
        this.changes = new TransferChanges(transfers);
        this.acknowledgements = acknowledgements;
        this.municipalities = municipalities;
        this.intake = intake;
        this.receipts = new SubmissionReceipts(gatewaySigner);
        this.clock = clock;
    }

    /**
     * @param requestedReceiver the right municipality, or empty to take the one the rejection named
     * @return the new transfer
     */
    public Transfer redirect(Transfer transfer, Optional<String> requestedReceiver) {
        return redirect(transfer, requestedReceiver, transfer.sender(), "");
    }

    /**
     * The receiver forwards a transfer it rejected to the municipality its signed rejection names; it may not choose
     * another one, so that where the family went rests on its signed statement.
     */
    public Transfer forward(Transfer transfer, Optional<String> requestedReceiver) {
        Optional<String> named = acknowledgements.find(transfer.id(), AcknowledgementKind.REJECTED)
                .map(StoredAcknowledgement::rightMunicipality);
        if (named.isEmpty()) {
            throw new ApiException(ProblemType.REDIRECT_NOT_ALLOWED, "the receiver forwards only a transfer it "
                    + "rejected naming the municipality the case belongs to");
        }
        if (requestedReceiver.isPresent() && !municipalities.normalise(requestedReceiver.get()).equals(named)) {
            throw new ApiException(ProblemType.REDIRECT_TARGET_INVALID, "the receiver forwards only to the "
                    + "municipality its signed rejection names");
        }
        Optional<Transfer> earlier = transfers.redirectOf(transfer.id());
        if (earlier.isPresent()) {
            // Already redirected: the receiver learns only what it named itself, never where the sender sent it.
            if (!earlier.get().receiver().equals(named.get())) {
                throw new ApiException(ProblemType.REDIRECT_NOT_ALLOWED, "the transfer has already been redirected");
            }
            return earlier.get();
        }
        return redirect(transfer, named, transfer.receiver(), " (forwarded by the receiver)");
    }

    /**
     * A redirect made by someone other than the sender (an operator), who is named in both timelines with the
     * reason given.
     *
     * @param note added to the timeline entries, such as the operator's reason; empty for none
     */
    public Transfer redirect(Transfer transfer, Optional<String> requestedReceiver, String actor, String note) {
        if (transfer.status() == TransferStatus.REDIRECTED) {
            return transfers.redirectOf(transfer.id()).orElseThrow();
        }
        // Random, not derived from the original: no submission can take the id before the redirect does.
        UUID newId = UUID.randomUUID();
        StoredAcknowledgement rejection = acknowledgements.find(transfer.id(), AcknowledgementKind.REJECTED)
                .filter(StoredAcknowledgement::allowsRedirect)
                .orElseThrow(() -> new ApiException(ProblemType.REDIRECT_NOT_ALLOWED,
                        "only a transfer rejected as sent to the wrong municipality, or naming where the family "
                                + "has moved, can be redirected"));
        String receiver = requestedReceiver.or(() -> Optional.ofNullable(rejection.rightMunicipality()))
                .orElseThrow(() -> new ApiException(ProblemType.REDIRECT_TARGET_INVALID,
                        "the rejection names no municipality; give the receiver to redirect to"));
        String code = municipalities.normalise(receiver).filter(c -> !c.equals(transfer.sender())
                && !c.equals(transfer.receiver())).orElseThrow(() -> new ApiException(ProblemType.REDIRECT_TARGET_INVALID, "the receiver must be one of the 98 municipalities, other than the sender and the one that "
                        + "rejected the transfer"));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Transfer redirected = transfer.redirectedTo(newId, code, now);
        TransferRepository.InTransaction create = transfers.inserting(redirected, receipts.sign(redirected),
                List.of(new TransferEvent(now, TransferEventType.RECEIVED, actor,
                        "redirected from transfer " + transfer.id() + " (rejected by " + transfer.receiver() + ")"
                                + note)));
        TransferRepository.InTransaction handOver = intake.handOver(redirected);
        boolean moved = changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(),
                LifecycleEvent.REDIRECT, List.of(new TransferEvent(now, TransferEventType.REDIRECTED, actor,
                        "to " + code + " as transfer " + newId + note))), connection -> {
                    create.run(connection);
                    TransferSubjects.copying(transfer.id(), newId).run(connection);
                    OutstandingRecords.copying(transfer.id(), newId).run(connection);
                    handOver.run(connection);
                });
        if (!moved) {
            return transfers.redirectOf(transfer.id()).orElseThrow(() -> new ApiException(
                    ProblemType.REDIRECT_NOT_ALLOWED,
                    "the transfer is no longer REJECTED"));
        }
        return redirected;
    }
}
