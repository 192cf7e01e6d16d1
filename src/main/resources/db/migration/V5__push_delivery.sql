-- Push delivery work, written with the transfer it delivers and taken by the push-delivery route until the
-- receiver accepts the packet or its delivery deadline passes (then the transfer stays in the receiver's inbox).
create table delivery_job (
    transfer_id     uuid primary key references transfer (id),
    endpoint        varchar(2000) not null,
    created_at      timestamp with time zone not null,
    next_attempt_at timestamp with time zone not null,
    attempts        integer       not null,
    locked_until    timestamp with time zone
);
