-- A small packet's encrypted payload, written by the same commit that records its transfer instead of as a file or
-- object of its own: the same bytes a stored object holds (key id header, then the encrypted segments), bound to its
-- reference by the encryption, so the database sees no more plaintext than the object store does.
create table payload_inline (
    payload_ref varchar(36) primary key,
    ciphertext  bytea       not null
);
