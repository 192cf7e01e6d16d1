package dk.sagsbro.acknowledgement;

/** Why a receiving municipality rejects a transfer. */
public enum RejectionReason {
    WRONG_MUNICIPALITY, NOT_RESIDENT, DUPLICATE, INCOMPLETE, UNREADABLE, OTHER
}
