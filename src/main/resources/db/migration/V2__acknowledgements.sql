-- Signed acknowledgements from the receiving municipality. One of each kind per transfer: a repeated one is a replay.
create table acknowledgement (
    id                 uuid primary key,
    transfer_id        uuid         not null references transfer (id),
    kind               varchar(16)  not null,
    received_at        timestamp with time zone not null,
    signed_by          varchar(3)   not null,
    reason_code        varchar(32),
    reason_text        varchar(2000),
    right_municipality varchar(3),
    signed_digest      varchar(64)  not null,
    signed             bytea        not null,
    constraint acknowledgement_once_per_kind unique (transfer_id, kind)
);
