-- When the deadline watch must next look at a transfer: the first instant at which a reminder, the overdue notice or a
-- chase of one of its deadlines falls due; null once no deadline runs. A sweep reads the transfers whose time has
-- come through this index, not every open transfer. Transfers stored before this are looked at in the next sweep.
alter table transfer add column deadline_check_at timestamp with time zone;
update transfer set deadline_check_at = received_at;
create index transfer_by_deadline_check on transfer (deadline_check_at);
