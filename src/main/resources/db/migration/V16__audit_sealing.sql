-- Sealing the audit trail in batches (docs/decisions/0011-audit-records-sealed-in-batches.md). A transaction no
-- longer takes the chain's head to record what it did: it writes its record to audit_pending, numbered from
-- audit_record_ids, and commits it with the action. A sealer then takes the head, gives every committed record the
-- next sequence number and its hash over the entry before, moves it to audit_entry and commits the batch at once.
-- Only sealers wait for each other, so the actions' commits no longer queue behind one row lock and one disk flush
-- each. A timeline event names its record, which its entry keeps.
create sequence audit_record_ids start with 1;

create table audit_pending (
    record_id   bigint        primary key,
    occurred_at timestamp with time zone not null,
    actor       varchar(80)   not null,
    certificate varchar(100),
    action      varchar(40)   not null,
    transfer_id uuid,
    detail      varchar(1000)
);

-- Entries written before sealing existed have no record of their own: their record number is their sequence number
-- negated, which the sequence above never hands out.
alter table audit_entry add column record_id bigint;
update audit_entry set record_id = -seq;
alter table audit_entry alter column record_id set not null;
create unique index audit_entry_by_record on audit_entry (record_id);

alter table transfer_event add column audit_record bigint;
update transfer_event set audit_record = -audit_seq where audit_seq is not null;
alter table transfer_event drop column audit_seq;
