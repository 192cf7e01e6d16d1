-- When a transfer entered its present state: retention counts from the moment a transfer reached a final state, and
-- the lifecycle's clocks from the moment it entered an open one.
alter table transfer add column status_since timestamp with time zone;
update transfer set status_since = coalesce((select max(e.occurred_at) from transfer_event e
    where e.transfer_id = transfer.id), received_at);
alter table transfer alter column status_since set not null;
