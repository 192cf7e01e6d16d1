package dk.sagsbro.storage;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Packet bytes at rest: one object per packet in an {@link ObjectStore} (or, for a small one, a row written by the
 * commit that records its transfer: {@link InlinePayloads}), encrypted in the gateway in 1 MiB segments
 * (Tink's streaming AEAD, so neither writing nor reading holds a packet in memory) under a key named by its id in the
 * object's first bytes ({@link PayloadKeys}), and bound to its reference as associated data, so objects cannot be
 * swapped. The store never sees plaintext.
 *
 * <p>A payload is written, completed (durable and readable by its reference), read back for the verifier's second
 * pass, and published by the database commit that records a transfer referring to it; an object nothing refers to
 * is the orphan sweep's.
 */
public final class PayloadStore {
    /** The orphan sweep's default grace; a payload must be published within half of it. */
    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(1);

    private final ObjectStore objects;
    private final PayloadKeys keys;
    private final Duration publishWithin;
    /** Null when every payload goes to the object store. */
    private final InlinePayloads inline;

    public PayloadStore(ObjectStore objects, PayloadKeys keys) {
        this(objects, keys, DEFAULT_ORPHAN_GRACE);
    }

    public PayloadStore(ObjectStore objects, PayloadKeys keys, Duration orphanGrace) {
        this(objects, keys, orphanGrace, null);
    }

    /**
     * @param orphanGrace how old an object nothing refers to must be before the orphan sweep removes it; a payload
     *                    not published within half of it is refused rather than published, so that the sweep can
     *                    never remove an object a commit is about to refer to
     * @param inline      where small payloads go instead of the object store; null for none
     */
    public PayloadStore(ObjectStore objects, PayloadKeys keys, Duration orphanGrace, InlinePayloads inline) {
        this.objects = objects;
        this.keys = keys;
        this.publishWithin = orphanGrace.dividedBy(2);
        this.inline = inline == null || inline.maxBytes() == 0 ? null : inline;
    }

    /** A store in a local directory under one raw key. */
    public PayloadStore(Path directory, byte[] key) throws IOException {
        this(directory, key, 0);
    }

    /** @param reserveBytes see {@link DirectoryObjectStore#DirectoryObjectStore(Path, long)} */
    public PayloadStore(Path directory, byte[] key, long reserveBytes) throws IOException {
        this(new DirectoryObjectStore(directory, reserveBytes), PayloadKeys.ofRawKey(key));
    }

    /**
     * A payload being written. {@link #finishWriting()} completes it, {@link #writeInline(Connection)} goes into the
     * transaction that publishes it, {@link #published()} says that transaction committed; {@link #discard()} removes
     * it unless it was published.
     *
     * <p>With {@link InlinePayloads}, the encrypted bytes are held in memory while they fit under its limits and
     * written by the publishing transaction; past them, what was held goes to an object store upload and the rest
     * follows it there, as for every payload without them.
     */
    public final class Pending implements AutoCloseable {
        private final String reference = UUID.randomUUID().toString();
        private final HeldOrUploaded ciphertext;
        private final OutputStream plaintext;
        private boolean written;
        private boolean ended;
        private Instant writtenAt;

        private Pending() throws IOException {
            ciphertext = new HeldOrUploaded(reference);
            try {
                plaintext = keys.encrypting(ciphertext, aad(reference));
            } catch (IOException | RuntimeException e) {
                ciphertext.abort();
                throw e;
            }
        }

        public String reference() {
            return reference;
        }

        public OutputStream output() {
            return plaintext;
        }

        /** Ends writing: the last segment is encrypted and the object completed, durable and readable. */
        public void finishWriting() throws IOException {
            if (!written) {
                plaintext.close();
                ciphertext.complete();
                written = true;
                writtenAt = Instant.now();
            }
        }

        /** Reads back what was written, before it is published; for a second pass over the packet. */
        public InputStream openWritten() throws IOException {
            if (!written) {
                throw new IllegalStateException("the payload is still being written");
            }
            return decrypting(ciphertext.isHeld() ? ciphertext.held() : objects.read(reference), reference);
        }

        /** Whether the payload is kept in the database (written by {@link #writeInline(Connection)}). */
        public boolean isInline() {
            return ciphertext.isHeld();
        }

        /**
         * Inside the transaction that publishes the payload: writes a payload held in memory to the database; one in
         * the object store needs nothing here.
         */
        public void writeInline(Connection connection) throws SQLException {
            if (!written) {
                throw new IllegalStateException("the payload is still being written");
            }
            if (ciphertext.isHeld()) {
                inline.insert(connection, reference, ciphertext.heldBytes(), ciphertext.heldLength());
            }
        }

        /**
         * Called right before the commit that publishes the payload: refuses (nothing is stored) when the object was
         * completed so long ago that the orphan sweep could be removing it.
         */
        public void checkPublishable() throws UploadRefusedException {
            if (!written) {
                throw new IllegalStateException("the payload is still being written");
            }
            if (Duration.between(writtenAt, Instant.now()).compareTo(publishWithin) > 0) {
                throw new UploadRefusedException(ProblemType.STORAGE_UNAVAILABLE, "the packet was stored more than "
                        + publishWithin + " before it could be recorded; nothing was kept, submit again");
            }
        }

        /** The transfer that refers to this payload is committed: from now on only retention removes it. */
        public void published() {
            ended = true;
            ciphertext.letGo();
        }

        /**
         * Finishes writing and keeps the payload in the object store, for a caller that records its reference
         * itself (and so has no transaction to write it in).
         */
        public void commit() throws IOException {
            boolean wasWritten = written;
            ciphertext.uploadAll();
            if (wasWritten) {
                ciphertext.close();
                ciphertext.complete();
            } else {
                finishWriting();
            }
            published();
        }

        public void discard() {
            if (!ended) {
                ended = true;
                ciphertext.abort();
                try {
                    plaintext.close();
                } catch (IOException | RuntimeException ignored) {
                    // the payload is already given up; a failing close changes nothing
                }
            }
        }

        @Override
        public void close() {
            discard();
        }
    }

    /**
     * Where a pending payload's encrypted bytes go: held in memory while they fit under the inline limits, otherwise
     * (and from the moment they stop fitting) an object store upload.
     */
    private final class HeldOrUploaded extends OutputStream {
        private final String reference;
        private byte[] held;
        /** Also what this payload has taken from the shared budget. */
        private int heldLength;
        private ObjectStore.Upload upload;
        private boolean aborted;

        HeldOrUploaded(String reference) throws IOException {
            this.reference = reference;
            if (inline == null) {
                upload = objects.upload(reference);
            } else {
                objects.checkRoom();
                held = new byte[0];
            }
        }

        boolean isHeld() {
            return upload == null;
        }

        byte[] heldBytes() {
            return held;
        }

        int heldLength() {
            return heldLength;
        }

        InputStream held() {
            return new java.io.ByteArrayInputStream(held, 0, heldLength);
        }

        /** Sends what is held, and everything after it, to the object store. */
        void uploadAll() throws IOException {
            if (upload == null) {
                upload = objects.upload(reference);
                upload.output().write(held, 0, heldLength);
                letGo();
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (aborted) {
                return; // the last segment of a discarded payload, encrypted as its stream closes
            }
            if (upload == null && heldLength + length <= inline.maxBytes()
                    && inline.reserve(length)) {
                if (heldLength + length > held.length) {
                    held = java.util.Arrays.copyOf(held, Math.min(inline.maxBytes(),
                            Math.max(heldLength + length, 2 * held.length)));
                }
                System.arraycopy(bytes, offset, held, heldLength, length);
                heldLength += length;
                return;
            }
            uploadAll();
            upload.output().write(bytes, offset, length);
        }

        @Override
        public void close() throws IOException {
            if (upload != null && !aborted) {
                upload.output().close();
            }
        }

        void complete() throws IOException {
            if (upload != null) {
                upload.complete();
            }
        }

        /** The held bytes are no longer needed here: committed to the database, sent on, or discarded. */
        void letGo() {
            if (heldLength > 0) {
                inline.release(heldLength);
            }
            held = null;
            heldLength = 0;
        }

        void abort() {
            aborted = true;
            letGo();
            if (upload != null) {
                upload.abort();
            }
        }
    }

    public Pending create() throws IOException {
        return new Pending();
    }

    /**
     * As {@link #open(String)}, from {@code storedCiphertext} when the caller has read the payload's row already
     * (null: read it here). The bytes are decrypted and authenticated under the reference as always.
     */
    public InputStream open(String reference, byte[] storedCiphertext) throws IOException {
        if (storedCiphertext == null) {
            return open(reference);
        }
        return decrypting(new java.io.ByteArrayInputStream(storedCiphertext), reference);
    }

    /** @throws java.nio.file.NoSuchFileException when the payload is gone (retention deleted it) */
    public InputStream open(String reference) throws IOException {
        Optional<byte[]> inDatabase = inline == null ? Optional.empty() : inline.read(reference);
        return decrypting(inDatabase.isPresent() ? new java.io.ByteArrayInputStream(inDatabase.get())
                : objects.read(reference), reference);
    }

    private InputStream decrypting(InputStream ciphertext, String reference) throws IOException {
        try {
            return keys.decrypting(ciphertext, aad(reference));
        } catch (IOException | RuntimeException e) {
            ciphertext.close();
            throw new IOException("payload " + reference + ": " + e.getMessage(), e);
        }
    }

    /** The id of the key that encrypted a payload. */
    public int keyId(String reference) throws IOException {
        Optional<byte[]> inDatabase = inline == null ? Optional.empty() : inline.read(reference);
        try (PushbackInputStream in = new PushbackInputStream(inDatabase.isPresent()
                ? new java.io.ByteArrayInputStream(inDatabase.get()) : objects.read(reference), 8)) {
            return PayloadKeys.keyId(in);
        }
    }

    /** Deletes a payload and confirms that it is gone, so retention records a deletion only once it happened. */
    public void delete(String reference) throws IOException {
        if (inline != null) {
            inline.delete(reference);
            if (inline.exists(reference)) {
                throw new IOException("payload " + reference + " is still in the database after it was deleted");
            }
        }
        objects.delete(reference);
        if (objects.exists(reference)) {
            throw new IOException("payload " + reference + " is still in the " + objects.describe()
                    + " after it was deleted");
        }
    }

    /**
     * Payload objects last written before {@code cutoff}: complete ones (whether a transfer refers to them is the
     * caller's to decide) and unfinished ones, left by an intake that crashed or was cut off.
     */
    public List<ObjectStore.StoredObject> stale(Instant cutoff) throws IOException {
        return objects.stale(cutoff);
    }

    /** Removes an unfinished upload (only ever one {@link #stale(Instant)} named). */
    public void deleteUnfinished(ObjectStore.StoredObject unfinished) throws IOException {
        if (unfinished.complete()) {
            throw new IllegalArgumentException("a complete payload is deleted with delete()");
        }
        objects.removeUnfinished(unfinished);
    }

    /** Bytes of payloads held in memory until the commit that keeps them in the database. */
    public long heldInMemoryBytes() {
        return inline == null ? 0 : inline.heldBytes();
    }

    /** Throws unless payloads can be stored and read now. */
    public void checkAvailable() throws IOException {
        objects.checkAvailable();
    }

    public String describe() {
        return inline == null ? objects.describe()
                : objects.describe() + ", and the database for payloads up to " + inline.maxBytes() + " bytes";
    }

    private static byte[] aad(String reference) {
        return ("sagsbro-payload:" + reference).getBytes(StandardCharsets.US_ASCII);
    }
}
