package dk.sagsbro.evidence;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.StoredAcknowledgement;
import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.signature.SignedStatements;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Optional;

/**
 * One signed, self-contained answer to "who got what, when" for a transfer: the submission receipt, the delivery
 * receipt and every acknowledgement exactly as they were signed, the timeline, the packet's digest and the policy
 * version, and the transfer's audit entries with their place in the hash chain. The whole is a CMS SignedData made
 * with the gateway's certificate around a JSON document, so {@code openssl cms -verify} checks it offline and
 * {@code sagsbro-cli verify-evidence} also checks every signature inside it. Issuing a bundle is itself a read of
 * personal data and is on record (the bundle includes that entry).
 */
public final class EvidenceBundles {
    public static final String BUNDLE_TYPE = "sagsbro-evidence/v1";
    public static final String MEDIA_TYPE = "application/pkcs7-mime";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64 = Base64.getEncoder();

    private final TransferRepository transfers;
    private final AcknowledgementRepository acknowledgements;
    private final AuditTrail audit;
    private final CmsSigner signer;
    private final Clock clock;

    public EvidenceBundles(TransferRepository transfers, AcknowledgementRepository acknowledgements, AuditTrail audit,
            CmsSigner signer, Clock clock) {
        this.transfers = transfers;
        this.acknowledgements = acknowledgements;
        this.audit = audit;
        this.signer = signer;
        this.clock = clock;
    }

    /**
     * @param requestedBy      who asks: a municipality code or an operator
     * @param certificate      the caller's client certificate (issuer and serial), or null for an operator
     * @param seesRedirectTarget whether the caller may learn where a redirect sent the transfer (the sender and
     *                         operators may; a receiver that rejected it may not)
     */
    public byte[] bundle(Transfer transfer, String requestedBy, String certificate, boolean seesRedirectTarget) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        long read = audit.append(new AuditTrail.Record(now, requestedBy, certificate,
                AuditTrail.Read.READ_EVIDENCE.name(), transfer.id(), null));
        ObjectNode bundle = JSON.createObjectNode();
        bundle.put("type", BUNDLE_TYPE);
        bundle.put("issuedAt", now.toString());
        bundle.put("issuedTo", requestedBy);
        ObjectNode facts = bundle.putObject("transfer");
        facts.put("id", transfer.id().toString());
        facts.put("kind", transfer.kind().name());
        facts.put("status", transfer.status().name());
        facts.put("sender", transfer.sender());
        facts.put("receiver", transfer.receiver());
        facts.put("packetDigestAlgorithm", "SHA-256");
        facts.put("packetDigest", transfer.packetDigest());
        facts.put("packetSize", transfer.packetSize());
        facts.put("policyVersion", transfer.policyVersion());
        facts.put("receivedAt", transfer.receivedAt().toString());
        facts.put("redirectedFrom", transfer.redirectedFrom() == null ? null : transfer.redirectedFrom().toString());
        facts.put("supplementTo", transfer.supplementTo() == null ? null : transfer.supplementTo().toString());
        Optional<Transfer> successor = seesRedirectTarget ? transfers.redirectOf(transfer.id()) : Optional.empty();
        facts.put("redirectedTo", successor.map(t -> t.id().toString()).orElse(null));
        ArrayNode supplements = facts.putArray("supplements");
        transfers.supplementsOf(transfer.id()).forEach(id -> supplements.add(id.toString()));

        bundle.put("submissionReceipt", transfers.receipt(transfer.id()).map(BASE64::encodeToString).orElse(null));
        bundle.put("deliveryReceipt", transfers.deliveryReceipt(transfer.id()).map(BASE64::encodeToString)
                .orElse(null));
        ArrayNode acknowledged = bundle.putArray("acknowledgements");
        for (StoredAcknowledgement a : acknowledgements.list(transfer.id())) {
            ObjectNode entry = acknowledged.addObject();
            entry.put("kind", a.kind().name());
            entry.put("receivedAt", a.receivedAt().toString());
            entry.put("signedBy", a.signedBy());
            entry.put("signed", acknowledgements.signed(transfer.id(), a.id()).map(BASE64::encodeToString)
                    .orElse(null));
        }
        ArrayNode timeline = bundle.putArray("timeline");
        for (TransferEvent event : transfers.timeline(transfer.id())) {
            ObjectNode entry = timeline.addObject();
            entry.put("at", event.occurredAt().toString());
            entry.put("type", event.type().name());
            entry.put("actor", event.actor());
            entry.put("detail", seesRedirectTarget || event.type() != TransferEventType.REDIRECTED ? event.detail()
                    : "redirected by the sender");
        }
        ObjectNode trail = bundle.putObject("audit");
        ArrayNode entries = trail.putArray("entries");
        // Up to and including this read's own entry: what was on record when the bundle was asked for.
        for (AuditTrail.Entry e : audit.forTransfer(transfer.id())) {
            ObjectNode entry = entries.addObject();
            entry.put("seq", e.seq());
            entry.put("at", e.record().occurredAt().toString());
            entry.put("actor", e.record().actor());
            entry.put("certificate", e.record().certificate());
            entry.put("action", e.record().action());
            boolean hidden = !seesRedirectTarget && TransferEventType.REDIRECTED.name().equals(e.record().action());
            // A hidden detail leaves the entry's hash unverifiable by the reader, and says so.
            entry.put("detail", hidden ? null : e.record().detail());
            entry.put("detailWithheld", hidden);
            entry.put("previousHash", e.previousHash());
            entry.put("hash", e.hash());
            if (e.recordId() == read) {
                break;
            }
        }
        return SignedStatements.sign(signer, bundle);
    }
}
