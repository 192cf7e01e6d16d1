-- Events that must be recorded at most once per transfer (a deadline reminder, say) carry a key; several gateway
-- instances may try to record the same one, and the unique constraint lets exactly one succeed.
alter table transfer_event add column once_key varchar(100);
alter table transfer_event add constraint transfer_event_once unique (transfer_id, once_key);
