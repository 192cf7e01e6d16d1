-- Operator actions. A delivery retried by an operator pushes until its own time limit, not the original delivery
-- deadline (which has usually passed by then); an operator's identity, as the login names it, can be longer than a
-- municipality code or "gateway".
alter table delivery_job add column push_until timestamp with time zone;
alter table transfer_event alter column actor set data type varchar(200);
