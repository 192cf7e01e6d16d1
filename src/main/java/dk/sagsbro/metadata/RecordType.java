package dk.sagsbro.metadata;

/** The kinds of record a case packet carries (see docs/domain.md for the legal basis of each). */
public enum RecordType {
    NOTIFICATION, ASSESSMENT_SUMMARY, CHILD_INVESTIGATION, LIMITED_REVIEW, DECISION, CHILD_PLAN, YOUTH_PLAN,
    FOLLOW_UP, CHILD_CONVERSATION, PARTY_HEARING, SUPPORTER_INFO, RECEIVED_NOTIFICATION, CASE_NOTE, OTHER
}
