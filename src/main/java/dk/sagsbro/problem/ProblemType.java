package dk.sagsbro.problem;

/**
 * Every way a request can fail, named once. The slug is the last segment of the RFC 9457 {@code type} URI and is
 * stable: integrators match on it. Each type carries the HTTP status it is answered with.
 */
public enum ProblemType {
    // the container
    ZIP_MALFORMED(422, "zip-malformed", "The container is not a well-formed ZIP archive"),
    ZIP_AMBIGUOUS(422, "zip-ambiguous", "Tools could read the container as different entries or bytes"),
    ENTRY_ENCRYPTED(422, "entry-encrypted", "An entry is encrypted"),
    ENTRY_NOT_REGULAR(422, "entry-not-regular", "An entry is not a regular file or folder"),
    MIMETYPE_INVALID(422, "mimetype-invalid", "The mimetype entry is missing, not first, compressed or wrong"),
    ENTRY_NAME_UNSAFE(422, "entry-name-unsafe", "An entry name is absolute, escapes the container or is malformed"),
    ENTRY_DUPLICATE(422, "entry-duplicate", "Two entries have the same name once normalised and case-folded"),
    ENTRY_SYMLINK(422, "entry-symlink", "An entry is a symbolic link"),
    PACKET_TOO_LARGE(422, "packet-too-large", "The packet exceeds the maximum size"),
    TOO_MANY_ENTRIES(422, "too-many-entries", "The container has more entries than allowed"),
    ENTRY_TOO_LARGE(422, "entry-too-large", "An entry exceeds the maximum uncompressed size"),
    COMPRESSION_RATIO_EXCEEDED(422, "compression-ratio-exceeded", "An entry expands more than the allowed ratio"),
    MANIFEST_MISSING(422, "manifest-missing", "META-INF/ASiCManifest.xml is missing"),
    MANIFEST_INVALID(422, "manifest-invalid", "The ASiCManifest is not valid"),
    DATA_OBJECT_MISSING(422, "data-object-missing", "A data object listed in the manifest is not in the container"),
    DIGEST_MISMATCH(422, "digest-mismatch", "A data object does not match its digest in the manifest"),
    UNLISTED_ENTRY(422, "unlisted-entry", "An entry is not covered by the signature"),
    CASE_METADATA_MISSING(422, "case-metadata-missing", "case.json is missing or not listed in the manifest"),
    // the signature
    SIGNATURE_MISSING(422, "signature-missing", "The signature referenced by the manifest is missing"),
    SIGNATURE_INVALID(422, "signature-invalid", "The signature does not verify over the manifest"),
    SIGNER_COUNT(422, "signer-count", "The signature must have exactly one signer"),
    CERTIFICATE_UNTRUSTED(422, "certificate-untrusted", "The signer's certificate does not chain to a trust anchor"),
    CERTIFICATE_REVOKED(422, "certificate-revoked", "The certificate has been revoked by its issuer"),
    REVOCATION_UNKNOWN(422, "revocation-unknown", "The certificate's revocation status cannot be established"),
    CERTIFICATE_NOT_VALID(422, "certificate-not-valid", "The signer's certificate was not valid at signing time or is not valid now"),
    ALGORITHM_WEAK(422, "algorithm-weak", "A weak algorithm or key size was used"),
    SIGNER_NOT_SENDER(422, "signer-not-sender", "The signer is not the municipality named as sender"),
    SIGNER_NOT_SUBMITTER(422, "signer-not-submitter", "The signer is not the party that submits the packet"),
    // the case metadata
    METADATA_INVALID(422, "metadata-invalid", "case.json does not match the schema"),
    MUNICIPALITY_UNKNOWN(422, "municipality-unknown", "Not one of the 98 municipality codes"),
    SENDER_IS_RECEIVER(422, "sender-is-receiver", "Sender and receiver are the same municipality"),
    CPR_INVALID(422, "cpr-invalid", "Not a CPR number with a valid date and century"),
    RECORD_DOCUMENT_MISSING(422, "record-document-missing", "A record points at a document that is not in the container"),
    SUPPLEMENT_TARGET_UNKNOWN(422, "supplement-target-unknown", "The transfer a supplement adds to is unknown"),
    SUPPLEMENT_NOT_ALLOWED(422, "supplement-not-allowed",
            "The transfer a supplement adds to was rejected or cancelled"),
    // completeness
    RECORD_MISSING(422, "record-missing", "A required record is neither included nor explained"),
    // acknowledgements
    ACKNOWLEDGEMENT_INVALID(422, "acknowledgement-invalid", "The acknowledgement is not a valid signed statement"),
    ACKNOWLEDGEMENT_TOO_LARGE(413, "acknowledgement-too-large", "The acknowledgement is larger than the gateway accepts"),
    ACKNOWLEDGEMENT_WRONG_TRANSFER(422, "acknowledgement-wrong-transfer", "The acknowledgement is for another transfer"),
    ACKNOWLEDGEMENT_DIGEST_MISMATCH(422, "acknowledgement-digest-mismatch",
            "The acknowledgement names another packet digest than the gateway reported"),
    SIGNER_NOT_RECEIVER(422, "signer-not-receiver", "The acknowledgement is not signed by the receiving municipality"),
    ACKNOWLEDGEMENT_WRONG_STATE(409, "acknowledgement-wrong-state", "The transfer is not in a state this acknowledgement fits"),
    ACKNOWLEDGEMENT_REPLAYED(409, "acknowledgement-replayed", "This acknowledgement was already recorded"),
    NOT_RECEIVER(403, "not-receiver", "Only the receiving municipality may do this"),
    NOT_SENDER(403, "not-sender", "Only the sending municipality may do this"),
    TRANSITION_NOT_ALLOWED(409, "transition-not-allowed", "The transfer's state does not allow this"),
    REDIRECT_NOT_ALLOWED(409, "redirect-not-allowed", "The transfer cannot be redirected"),
    REDIRECT_TARGET_INVALID(422, "redirect-target-invalid", "The municipality to redirect to is missing or not allowed"),
    TRANSFER_CANCELLED(410, "transfer-cancelled", "The transfer was cancelled; its packet is no longer available"),
    ACCESS_ENDED(410, "access-ended", "The caller's role in the transfer has ended, and with it access to the packet"),
    PACKET_DELETED(410, "packet-deleted", "The packet's content was deleted after the transfer ended"),
    // the API
    PACKET_REJECTED(422, "packet-rejected", "The packet was rejected"),
    TRANSFER_CONFLICT(409, "transfer-conflict", "This transferId was already used for a different packet"),
    NOT_FOUND(404, "not-found", "No such resource"),
    CLIENT_CERTIFICATE_REQUIRED(401, "client-certificate-required", "A client certificate is required"),
    CLIENT_NOT_RECOGNISED(403, "client-not-recognised", "The client certificate identifies no municipality"),
    REQUEST_INVALID(400, "request-invalid", "The request is not valid"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "The body must be an ASiC-E container"),
    UPLOAD_TOO_SLOW(408, "upload-too-slow", "The upload was slower than the gateway accepts"),
    TOO_MANY_UPLOADS(429, "too-many-uploads", "The municipality already has as many uploads under way as it may"),
    STORAGE_FULL(503, "storage-full", "The gateway is short of storage; submit again later"),
    DATABASE_UNAVAILABLE(503, "database-unavailable", "The gateway's database cannot be reached now; nothing was recorded, try again later"),
    STORAGE_UNAVAILABLE(503, "storage-unavailable", "The packet store cannot take the packet now; submit again later"),
    INTERNAL_ERROR(500, "internal-error", "The gateway failed; nothing was stored");

    public static final String TYPE_BASE = "https://sagsbro.dk/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /**
     * The HTTP status a request refused for this reason alone is answered with. The problem type decides it, so
     * that no code outside the API needs to know HTTP; a packet refused for several content problems is answered
     * 422 as a whole.
     */
    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String uri() {
        return TYPE_BASE + slug;
    }
}
