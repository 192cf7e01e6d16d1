package dk.sagsbro.delivery;

import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.signature.SignedStatements;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferRepository;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's signed statement that a packet reached its receiver: a CMS SignedData like the submission receipt,
 * carrying JSON that binds the transfer, the packet's SHA-256, the receiver, the moment of delivery and how it
 * happened. It is made once, in the transaction that records the delivery, so the receipt and the DELIVERED event
 * never disagree. {@code openssl cms -verify} checks it.
 */
public final class DeliveryReceipts {
    public static final String RECEIPT_TYPE = "sagsbro-delivery-receipt/v1";

    private final CmsSigner signer;

    public DeliveryReceipts(CmsSigner signer) {
        this.signer = signer;
    }

    /**
     * Issues the receipt inside the delivering transaction, unless the transfer already has one. A transfer still to
     * be delivered has its receipt signed here, before that transaction: signing inside it would keep the rows it
     * locked (the transfer's row) locked for the signature's time too.
     */
    public TransferRepository.InTransaction issuing(Transfer transfer, Instant deliveredAt, String how) {
        if (TransferLifecycle.outcome(transfer.kind(), transfer.status(), LifecycleEvent.DELIVER)
                instanceof TransferLifecycle.Outcome.Allowed) {
            return TransferRepository.storingDeliveryReceipt(transfer.id(), sign(transfer, deliveredAt, how));
        }
        // delivered already, so it has its receipt; only a transfer recorded without one is signed for here
        return issuingWhenNone(transfer, deliveredAt, how);
    }

    /**
     * Issues the receipt inside the transaction, signed there only if the transfer has none by then: for a transfer
     * delivered already, which nearly always has one.
     */
    private TransferRepository.InTransaction issuingWhenNone(Transfer transfer, Instant deliveredAt, String how) {
        return TransferRepository.storingDeliveryReceipt(transfer.id(), () -> sign(transfer, deliveredAt, how));
    }

    byte[] sign(Transfer transfer, Instant deliveredAt, String how) {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("type", RECEIPT_TYPE);
        receipt.put("transferId", transfer.id().toString());
        receipt.put("sender", transfer.sender());
        receipt.put("receiver", transfer.receiver());
        receipt.put("packetDigestAlgorithm", "SHA-256");
        receipt.put("packetDigest", transfer.packetDigest());
        receipt.put("packetSize", transfer.packetSize());
        receipt.put("deliveredAt", deliveredAt.toString());
        receipt.put("deliveredBy", how);
        return SignedStatements.sign(signer, receipt);
    }
}
