-- Notifications to escalation webhooks, written in the same transaction as the event they report and sent by the
-- notification route until the webhook accepts them: nothing is dropped, a crash only delays.
create table notification (
    id              uuid primary key,
    transfer_id     uuid          not null references transfer (id),
    webhook         varchar(2000) not null,
    payload         varchar(4000) not null,
    created_at      timestamp with time zone not null,
    next_attempt_at timestamp with time zone not null,
    attempts        integer       not null,
    locked_until    timestamp with time zone,
    sent_at         timestamp with time zone,
    last_error      varchar(500)
);

create index notification_due on notification (sent_at, next_attempt_at);
