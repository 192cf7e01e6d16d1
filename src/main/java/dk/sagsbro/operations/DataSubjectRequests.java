package dk.sagsbro.operations;

import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.metadata.CprNumbers;
import dk.sagsbro.metadata.SubjectPseudonyms;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferSubjects;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A data-subject request (GDPR art. 15) answered by an operator: given a person's CPR number, every transfer that
 * concerns the person (as a child or a custodian) and every access to those transfers on the audit trail. The CPR
 * number is turned into its keyed pseudonym at once and never stored; the request itself is on the audit trail with
 * the operator, the reason and the pseudonym's first characters.
 */
public final class DataSubjectRequests {
    private final SubjectPseudonyms pseudonyms;
    private final TransferSubjects subjects;
    private final TransferRepository transfers;
    private final AuditTrail audit;
    private final Clock clock;

    public DataSubjectRequests(SubjectPseudonyms pseudonyms, TransferSubjects subjects, TransferRepository transfers,
            AuditTrail audit, Clock clock) {
        this.pseudonyms = pseudonyms;
        this.subjects = subjects;
        this.transfers = transfers;
        this.audit = audit;
        this.clock = clock;
    }

    /** The transfers concerning the person, and every audit entry about them, in order. */
    public record Answer(List<Transfer> transfers, List<AuditTrail.Entry> accesses) {
    }

    /** @throws OperatorActions.ActionRefused listing every problem with the CPR number and the reason */
    public Answer answer(String cpr, String operator, String reason) {
        Optional<String> pseudonym = CprNumbers.birthDate(cpr == null ? "" : cpr).flatMap(born -> pseudonyms.of(cpr));
        List<OperatorActions.Problem> problems = new java.util.ArrayList<>();
        if (pseudonym.isEmpty()) {
            problems.add(new OperatorActions.Problem(OperatorActions.Refusal.CPR_NUMBER_INVALID,
                    "give the person's CPR number (ten digits, DDMMYY-SSSS, with a valid date)"));
        }
        String why;
        try {
            why = OperatorActions.checkedReason(reason);
        } catch (OperatorActions.ActionRefused refused) {
            problems.addAll(refused.refusals());
            why = null;
        }
        if (!problems.isEmpty()) {
            throw new OperatorActions.ActionRefused(problems);
        }
        audit.append(new AuditTrail.Record(clock.instant(), OperatorActions.actor(operator), null,
                AuditTrail.Read.DATA_SUBJECT_REQUEST.name(), null, "subject " + pseudonym.get().substring(0, 12)
                        + "…; reason: " + why));
        Set<UUID> ids = subjects.transfersOf(pseudonym.get());
        List<Transfer> found = ids.stream().map(transfers::find).flatMap(Optional::stream).toList();
        return new Answer(found, audit.forTransfers(ids));
    }
}
