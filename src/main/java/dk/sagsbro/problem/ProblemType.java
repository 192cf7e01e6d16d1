package dk.sagsbro.problem;

/**
 * Every way a request can fail, named once. The slug is the last segment of the RFC 9457 {@code type} URI and is
 * stable: integrators match on it.
 */
public enum ProblemType {
    // the container
    ZIP_MALFORMED("zip-malformed", "The container is not a well-formed ZIP archive"),
    ZIP_AMBIGUOUS("zip-ambiguous", "Tools could read the container as different entries or bytes"),
    ENTRY_ENCRYPTED("entry-encrypted", "An entry is encrypted"),
    ENTRY_NOT_REGULAR("entry-not-regular", "An entry is not a regular file or folder"),
    MIMETYPE_INVALID("mimetype-invalid", "The mimetype entry is missing, not first, compressed or wrong"),
    ENTRY_NAME_UNSAFE("entry-name-unsafe", "An entry name is absolute, escapes the container or is malformed"),
    ENTRY_DUPLICATE("entry-duplicate", "Two entries have the same name once normalised and case-folded"),
    ENTRY_SYMLINK("entry-symlink", "An entry is a symbolic link"),
    PACKET_TOO_LARGE("packet-too-large", "The packet exceeds the maximum size"),
    TOO_MANY_ENTRIES("too-many-entries", "The container has more entries than allowed"),
    ENTRY_TOO_LARGE("entry-too-large", "An entry exceeds the maximum uncompressed size"),
    COMPRESSION_RATIO_EXCEEDED("compression-ratio-exceeded", "An entry expands more than the allowed ratio"),
    MANIFEST_MISSING("manifest-missing", "META-INF/ASiCManifest.xml is missing"),
    MANIFEST_INVALID("manifest-invalid", "The ASiCManifest is not valid"),
    DATA_OBJECT_MISSING("data-object-missing", "A data object listed in the manifest is not in the container"),
    DIGEST_MISMATCH("digest-mismatch", "A data object does not match its digest in the manifest"),
    UNLISTED_ENTRY("unlisted-entry", "An entry is not covered by the signature"),
    CASE_METADATA_MISSING("case-metadata-missing", "case.json is missing or not listed in the manifest"),
    // the signature
    SIGNATURE_MISSING("signature-missing", "The signature referenced by the manifest is missing"),
    SIGNATURE_INVALID("signature-invalid", "The signature does not verify over the manifest"),
    SIGNER_COUNT("signer-count", "The signature must have exactly one signer"),
    CERTIFICATE_UNTRUSTED("certificate-untrusted", "The signer's certificate does not chain to a trust anchor"),
    CERTIFICATE_REVOKED("certificate-revoked", "The certificate has been revoked by its issuer"),
    REVOCATION_UNKNOWN("revocation-unknown", "The certificate's revocation status cannot be established"),
    CERTIFICATE_NOT_VALID("certificate-not-valid", "The signer's certificate was not valid at signing time or is not valid now"),
    ALGORITHM_WEAK("algorithm-weak", "A weak algorithm or key size was used"),
    SIGNER_NOT_SENDER("signer-not-sender", "The signer is not the municipality named as sender"),
    SIGNER_NOT_SUBMITTER("signer-not-submitter", "The signer is not the party that submits the packet"),
    // the case metadata
    METADATA_INVALID("metadata-invalid", "case.json does not match the schema"),
    MUNICIPALITY_UNKNOWN("municipality-unknown", "Not one of the 98 municipality codes"),
    SENDER_IS_RECEIVER("sender-is-receiver", "Sender and receiver are the same municipality"),
    CPR_INVALID("cpr-invalid", "Not a CPR number with a valid date and century"),
    RECORD_DOCUMENT_MISSING("record-document-missing", "A record points at a document that is not in the container"),
    SUPPLEMENT_TARGET_UNKNOWN("supplement-target-unknown", "The transfer a supplement adds to is unknown"),
    // completeness
    RECORD_MISSING("record-missing", "A required record is neither included nor explained"),
    // acknowledgements
    ACKNOWLEDGEMENT_INVALID("acknowledgement-invalid", "The acknowledgement is not a valid signed statement"),
    ACKNOWLEDGEMENT_WRONG_TRANSFER("acknowledgement-wrong-transfer", "The acknowledgement is for another transfer"),
    ACKNOWLEDGEMENT_DIGEST_MISMATCH("acknowledgement-digest-mismatch",
            "The acknowledgement names another packet digest than the gateway reported"),
    SIGNER_NOT_RECEIVER("signer-not-receiver", "The acknowledgement is not signed by the receiving municipality"),
    ACKNOWLEDGEMENT_WRONG_STATE("acknowledgement-wrong-state", "The transfer is not in a state this acknowledgement fits"),
    ACKNOWLEDGEMENT_REPLAYED("acknowledgement-replayed", "This acknowledgement was already recorded"),
    NOT_RECEIVER("not-receiver", "Only the receiving municipality may do this"),
    NOT_SENDER("not-sender", "Only the sending municipality may do this"),
    REDIRECT_NOT_ALLOWED("redirect-not-allowed", "The transfer cannot be redirected"),
    TRANSFER_CANCELLED("transfer-cancelled", "The transfer was cancelled; its packet is no longer available"),
    ACCESS_ENDED("access-ended", "The caller's role in the transfer has ended, and with it access to the packet"),
    PACKET_DELETED("packet-deleted", "The packet's content was deleted after the transfer ended"),
    // the API
    PACKET_REJECTED("packet-rejected", "The packet was rejected"),
    TRANSFER_CONFLICT("transfer-conflict", "This transferId was already used for a different packet"),
    NOT_FOUND("not-found", "No such resource"),
    CLIENT_CERTIFICATE_REQUIRED("client-certificate-required", "A client certificate is required"),
    CLIENT_NOT_RECOGNISED("client-not-recognised", "The client certificate identifies no municipality"),
    REQUEST_INVALID("request-invalid", "The request is not valid"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", "The body must be an ASiC-E container"),
    UPLOAD_TOO_SLOW("upload-too-slow", "The upload was slower than the gateway accepts"),
    TOO_MANY_UPLOADS("too-many-uploads", "The municipality already has as many uploads under way as it may"),
    STORAGE_FULL("storage-full", "The gateway is short of storage; submit again later"),
    INTERNAL_ERROR("internal-error", "The gateway failed; nothing was stored");

    public static final String TYPE_BASE = "https://sagsbro.dk/problems/";

    private final String slug;
    private final String title;

    ProblemType(String slug, String title) {
        this.slug = slug;
        this.title = title;
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
