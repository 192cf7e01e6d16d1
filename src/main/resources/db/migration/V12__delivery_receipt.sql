-- The gateway's signed statement that the packet reached the receiver, made in the transaction that records the
-- delivery (a push the receiver accepted, its first complete download, or its signed answer, whichever came first).
alter table transfer add column delivery_receipt bytea;
