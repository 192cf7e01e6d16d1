package dk.sagsbro.acknowledgement;

import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferEventType;

/** What a receiving municipality can say about a transfer; what each may do is in the transfer lifecycle. */
public enum AcknowledgementKind {
    /** Receipt confirmed: the municipality has the case and has read it (for an orientation, the last step). */
    RECEIVED(LifecycleEvent.ACKNOWLEDGE_RECEIPT, TransferEventType.ACKNOWLEDGED),
    /** The case has been taken over (the business receipt of a handover). */
    TAKEN_OVER(LifecycleEvent.ACKNOWLEDGE_TAKEOVER, TransferEventType.TAKEN_OVER),
    /** The municipality will not take the case, with a reason. */
    REJECTED(LifecycleEvent.REJECT, TransferEventType.REJECTED);

    private final LifecycleEvent lifecycleEvent;
    private final TransferEventType event;

    AcknowledgementKind(LifecycleEvent lifecycleEvent, TransferEventType event) {
        this.lifecycleEvent = lifecycleEvent;
        this.event = event;
    }

    public LifecycleEvent lifecycleEvent() {
        return lifecycleEvent;
    }

    public TransferEventType event() {
        return event;
    }
}
