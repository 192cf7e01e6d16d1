package dk.sagsbro.transfer;

import dk.sagsbro.metadata.TransferKind;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A transfer as the gateway records it: metadata without personal data, and where its packet is. A transfer made by
 * a redirect names the one it continues in {@code redirectedFrom}. {@code statusSince} is when it entered its status:
 * for a DELIVERED transfer, the moment of delivery.
 */
public record Transfer(UUID id, TransferKind kind, TransferStatus status, String sender, String receiver,
        String submittedBy, UUID supplementTo, LocalDate moveDate, boolean urgent, boolean addressProtected,
        boolean submittedLate, int childCount, int recordCount, String packetDigest, long packetSize,
        String payloadReference, String policyVersion, Instant signedAt, Instant receivedAt, UUID redirectedFrom,
        Instant statusSince) {

    /** The same transfer continuing to another receiver, received anew now, as a redirect makes it. */
    public Transfer redirectedTo(UUID newId, String newReceiver, Instant now) {
        return new Transfer(newId, kind, TransferStatus.RECEIVED, sender, newReceiver, submittedBy, supplementTo,
                moveDate, urgent, addressProtected, submittedLate, childCount, recordCount, packetDigest, packetSize,
                payloadReference, policyVersion, signedAt, now, id, now);
    }

    /** Whether the municipality takes part in this transfer, and so may see it. */
    public boolean involves(String municipality) {
        return sender.equals(municipality) || receiver.equals(municipality);
    }
}
