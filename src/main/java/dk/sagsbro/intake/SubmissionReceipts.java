package dk.sagsbro.intake;

import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.signature.SignedStatements;
import dk.sagsbro.transfer.Transfer;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The gateway's signed statement that it received a packet: a CMS SignedData, signed with the gateway's certificate,
 * carrying a JSON document that binds the transfer id, the packet's SHA-256, the time received and the completeness
 * policy applied. {@code openssl cms -verify} checks it.
 */
public final class SubmissionReceipts {
    public static final String RECEIPT_TYPE = "sagsbro-submission-receipt/v1";
    public static final String MEDIA_TYPE = "application/pkcs7-mime";

    private final CmsSigner signer;

    public SubmissionReceipts(CmsSigner signer) {
        this.signer = signer;
    }

    public byte[] sign(Transfer transfer) {
        Map<String, Object> receipt = new LinkedHashMap<>();
        receipt.put("type", RECEIPT_TYPE);
        receipt.put("transferId", transfer.id().toString());
        receipt.put("kind", transfer.kind().name());
        receipt.put("sender", transfer.sender());
        receipt.put("receiver", transfer.receiver());
        receipt.put("packetDigestAlgorithm", "SHA-256");
        receipt.put("packetDigest", transfer.packetDigest());
        receipt.put("packetSize", transfer.packetSize());
        receipt.put("receivedAt", transfer.receivedAt().toString());
        receipt.put("policyVersion", transfer.policyVersion());
        return SignedStatements.sign(signer, receipt);
    }
}
