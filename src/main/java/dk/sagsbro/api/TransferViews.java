package dk.sagsbro.api;

import dk.sagsbro.acknowledgement.AcknowledgementKind;
import dk.sagsbro.acknowledgement.RejectionReason;
import dk.sagsbro.acknowledgement.StoredAcknowledgement;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.transfer.OutstandingRecords;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferStatus;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of the transfer API (openapi/sagsbro-api.yaml is the contract). */
public final class TransferViews {
    private TransferViews() {
    }

    /** The answer to a submission. */
    public record Accepted(UUID id, TransferStatus status, Instant receivedAt, String packetDigest) {
        static Accepted of(Transfer t) {
            return new Accepted(t.id(), t.status(), t.receivedAt(), t.packetDigest());
        }
    }

    /** A transfer in a list. */
    public record Summary(UUID id, TransferKind kind, TransferStatus status, String sender, String receiver,
            LocalDate moveDate, boolean urgent, boolean submittedLate, Instant receivedAt) {
        static Summary of(Transfer t) {
            return new Summary(t.id(), t.kind(), t.status(), t.sender(), t.receiver(), t.moveDate(), t.urgent(),
                    t.submittedLate(), t.receivedAt());
        }
    }

    /** One page of a list. */
    public record Page(List<Summary> items, int page, int size, long total) {
    }

    /** One timeline entry. */
    public record Event(Instant at, TransferEventType type, String actor, String detail) {
        static Event of(TransferEvent e) {
            return new Event(e.occurredAt(), e.type(), e.actor(), e.detail());
        }
    }

    /** A recorded acknowledgement; its signed bytes are at {@code /acknowledgements/{id}}. */
    public record Acknowledgement(UUID id, AcknowledgementKind kind, Instant receivedAt, String signedBy,
            RejectionReason reasonCode, String reasonText, String rightMunicipality) {
        static Acknowledgement of(StoredAcknowledgement a) {
            return new Acknowledgement(a.id(), a.kind(), a.receivedAt(), a.signedBy(), a.reasonCode(),
                    a.reasonText(), a.rightMunicipality());
        }
    }

    /** The answer to a recorded acknowledgement: it, and the state the transfer moved to. */
    public record AcknowledgementRecorded(Acknowledgement acknowledgement, TransferStatus status) {
    }

    /** A transfer in full: its metadata (no personal data), its timeline and its acknowledgements. */
    public record Detail(UUID id, TransferKind kind, TransferStatus status, String sender, String receiver,
            UUID supplementTo, LocalDate moveDate, boolean urgent, boolean addressProtected, boolean submittedLate,
            int childCount, int recordCount, String packetDigest, long packetSize, String policyVersion,
            Instant signedAt, Instant receivedAt, UUID redirectedFrom, List<Event> timeline,
            List<Acknowledgement> acknowledgements, List<UUID> supplements, List<Integer> partyChildren,
            List<OutstandingRecords.Outstanding> recordsToFollow) {
        /**
         * @param caller the municipality asking: only the sender learns where a redirect sent the transfer, so a
         *               receiver that rejected it never learns where the family went
         */
        static Detail of(Transfer t, List<TransferEvent> timeline, List<StoredAcknowledgement> acknowledgements,
                List<UUID> supplements, List<Integer> partyChildren, List<OutstandingRecords.Outstanding> toFollow,
                String caller) {
            boolean sender = t.sender().equals(caller);
            return new Detail(t.id(), t.kind(), t.status(), t.sender(), t.receiver(), t.supplementTo(),
                    t.moveDate(), t.urgent(), t.addressProtected(), t.submittedLate(), t.childCount(),
                    t.recordCount(), t.packetDigest(), t.packetSize(), t.policyVersion(), t.signedAt(),
                    t.receivedAt(), t.redirectedFrom(), timeline.stream()
                            .map(e -> sender || e.type() != TransferEventType.REDIRECTED ? e
                                    : new TransferEvent(e.occurredAt(), e.type(), e.actor(),
                                            "redirected by the sender"))
                            .map(Event::of).toList(),
                    acknowledgements.stream().map(Acknowledgement::of).toList(), List.copyOf(supplements),
                    List.copyOf(partyChildren), List.copyOf(toFollow));
        }
    }
}
