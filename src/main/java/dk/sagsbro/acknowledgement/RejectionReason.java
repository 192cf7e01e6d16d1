package dk.sagsbro.acknowledgement;

/** Why a receiving municipality rejects a transfer. */
public enum RejectionReason {
    WRONG_MUNICIPALITY, NOT_RESIDENT, DUPLICATE, INCOMPLETE, UNREADABLE, OTHER;

    /**
     * Whether a rejection for this reason may name the municipality the case belongs to: the right one, or where the
     * family has moved on to before the takeover.
     */
    public boolean mayNameRightMunicipality() {
        return this == WRONG_MUNICIPALITY || this == NOT_RESIDENT;
    }
}
