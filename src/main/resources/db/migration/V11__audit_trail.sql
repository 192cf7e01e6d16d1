-- The tamper-evident audit trail: every timeline event and every read of personal data, one hash chain over all
-- transfers. Each entry's hash covers the previous entry's hash and its own fields, so a changed, removed or
-- reordered entry breaks the chain from there on. audit_head is the chain's end; appending locks it, so entries from
-- several instances form one sequence without gaps. audit_anchor keeps signed copies of the head: removing entries
-- from the end (which the chain alone cannot show) leaves an anchor pointing past the end.
create table audit_entry (
    seq           bigint        primary key,
    occurred_at   timestamp with time zone not null,
    actor         varchar(80)   not null,
    certificate   varchar(100),
    action        varchar(40)   not null,
    transfer_id   uuid,
    detail        varchar(1000),
    previous_hash varchar(64)   not null,
    entry_hash    varchar(64)   not null
);

create index audit_entry_by_transfer on audit_entry (transfer_id, seq);

create table audit_head (
    id         integer     primary key,
    seq        bigint      not null,
    entry_hash varchar(64) not null
);

insert into audit_head (id, seq, entry_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

create table audit_anchor (
    seq         bigint       primary key,
    entry_hash  varchar(64)  not null,
    anchored_at timestamp with time zone not null,
    signature   bytea        not null
);

-- Each timeline event names its audit entry, so the verification can show that the timeline says what the chain says.
alter table transfer_event add column audit_seq bigint;
