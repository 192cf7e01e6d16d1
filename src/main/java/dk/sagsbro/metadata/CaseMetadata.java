package dk.sagsbro.metadata;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * case.json: what the sender says about the transfer. The JSON Schema in openapi/case-metadata.schema.json is the
 * integrators' view of the same rules. Municipality codes may arrive with four digits; see {@link #normalised}.
 */
public record CaseMetadata(
        @NotNull UUID transferId,
        @NotNull TransferKind kind,
        UUID supplementTo,
        @NotNull String sender,
        @NotNull String receiver,
        @NotNull LocalDate moveDate,
        @NotEmpty @Size(max = 20) List<@NotNull @Valid Child> children,
        @NotNull @Size(max = 20) List<@NotNull @Valid Custodian> custodians,
        @NotNull Boolean urgent,
        @NotNull Boolean addressProtected,
        @NotNull @Valid CaseStatus caseStatus,
        @NotNull @Size(max = 10_000) List<@NotNull @Valid CaseRecord> records,
        @NotNull @Size(max = 100) List<@NotNull @Valid MissingRecord> missingRecords) {

    /** A child the transfer concerns; siblings travel in one packet. */
    public record Child(@NotNull @ValidCpr String cpr, @Size(max = 200) String name) {
    }

    /** A person with custody of a child. */
    public record Custodian(@NotNull @ValidCpr String cpr, @Size(max = 200) String name) {
    }

    /** Where the case stands, which decides which records are required. */
    public record CaseStatus(@NotNull Investigation investigation, @NotNull Boolean measures,
            @NotNull Boolean placed) {
    }

    /**
     * One record in the packet. {@code children} lists the CPR numbers of the children it concerns; empty or absent
     * means all of them.
     */
    public record CaseRecord(@NotBlank @Size(max = 512) String path, @NotNull RecordType type,
            @NotBlank @Size(max = 500) String title, @NotNull LocalDate date,
            @Size(max = 20) List<@NotNull @ValidCpr String> children) {

        public List<String> childrenOrEmpty() {
            return children == null ? List.of() : children;
        }
    }

    /**
     * A required record the sender cannot include, with the reason; {@code children} as for records. When
     * {@code followsLater} holds, the record is announced to follow in a supplement, and the gateway tracks it until
     * one brings it.
     */
    public record MissingRecord(@NotNull RecordType type, @NotBlank @Size(max = 2000) String reason,
            @Size(max = 20) List<@NotNull @ValidCpr String> children, Boolean followsLater) {

        public boolean announcedToFollow() {
            return Boolean.TRUE.equals(followsLater);
        }

        public List<String> childrenOrEmpty() {
            return children == null ? List.of() : children;
        }
    }

    public CaseMetadata normalised(String senderCode, String receiverCode) {
        return new CaseMetadata(transferId, kind, supplementTo, senderCode, receiverCode, moveDate, children,
                custodians, urgent, addressProtected, caseStatus, records, missingRecords);
    }
}
