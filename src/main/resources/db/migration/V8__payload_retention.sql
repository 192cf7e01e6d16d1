-- The gateway is a transit system, not the archive: a packet's content is deleted a grace period after its transfer
-- was taken over (or cancelled). Metadata, the timeline, the receipt and the acknowledgements stay.
alter table transfer add column payload_deleted_at timestamp with time zone;
create index transfer_by_payload on transfer (payload_ref);
