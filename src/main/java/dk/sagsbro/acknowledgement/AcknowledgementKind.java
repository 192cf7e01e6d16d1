package dk.sagsbro.acknowledgement;

import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferStatus;

import java.util.Set;

/** What a receiving municipality can say about a transfer, and the state change each makes. */
public enum AcknowledgementKind {
    /** Receipt confirmed: the municipality has the case and will assess it. */
    RECEIVED(Set.of(TransferStatus.DELIVERED), TransferStatus.ACKNOWLEDGED, TransferEventType.ACKNOWLEDGED),
    /** The case has been taken over (the business receipt). */
    TAKEN_OVER(Set.of(TransferStatus.ACKNOWLEDGED), TransferStatus.TAKEN_OVER, TransferEventType.TAKEN_OVER),
    /** The municipality will not take the case, with a reason. */
    REJECTED(Set.of(TransferStatus.DELIVERED, TransferStatus.ACKNOWLEDGED), TransferStatus.REJECTED,
            TransferEventType.REJECTED);

    private final Set<TransferStatus> allowedFrom;
    private final TransferStatus leadsTo;
    private final TransferEventType event;

    AcknowledgementKind(Set<TransferStatus> allowedFrom, TransferStatus leadsTo, TransferEventType event) {
        this.allowedFrom = allowedFrom;
        this.leadsTo = leadsTo;
        this.event = event;
    }

    public boolean allowedFrom(TransferStatus status) {
        return allowedFrom.contains(status);
    }

    public Set<TransferStatus> allowedFrom() {
        return allowedFrom;
    }

    public TransferStatus leadsTo() {
        return leadsTo;
    }

    public TransferEventType event() {
        return event;
    }
}
