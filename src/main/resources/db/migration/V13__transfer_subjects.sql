-- The persons a transfer concerns (its children and custodians), as keyed pseudonyms of their CPR numbers: enough to
-- answer a data-subject request given a CPR number, never the number itself. position is the person's place in
-- case.json's list; party marks a child aged 10 or more on the day the packet was received (Barnets lov § 3).
create table transfer_subject (
    transfer_id uuid        not null references transfer (id),
    role        varchar(16) not null,
    position    integer     not null,
    pseudonym   varchar(64) not null,
    party       boolean     not null,
    primary key (transfer_id, role, position)
);

create index transfer_subject_by_pseudonym on transfer_subject (pseudonym);
