package dk.sagsbro.storage;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Packet bytes at rest: one object per packet in an {@link ObjectStore}, encrypted in the gateway in 1 MiB segments
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

    public PayloadStore(ObjectStore objects, PayloadKeys keys) {
        this(objects, keys, DEFAULT_ORPHAN_GRACE);
    }

    /**
     * @param orphanGrace how old an object nothing refers to must be before the orphan sweep removes it; a payload
     *                    not published within half of it is refused rather than published, so that the sweep can
     *                    never remove an object a commit is about to refer to
     */
    public PayloadStore(ObjectStore objects, PayloadKeys keys, Duration orphanGrace) {
        this.objects = objects;
        this.keys = keys;
        this.publishWithin = orphanGrace.dividedBy(2);
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
     * A payload being written. {@link #finishWriting()} completes it, {@link #published()} says the database now
     * refers to it; {@link #discard()} removes it unless it was published.
     */
    public final class Pending implements AutoCloseable {
        private final String reference = UUID.randomUUID().toString();
        private final ObjectStore.Upload upload;
        private final OutputStream plaintext;
        private boolean written;
        private boolean ended;
        private Instant writtenAt;

        private Pending() throws IOException {
            upload = objects.upload(reference);
            try {
                plaintext = keys.encrypting(upload.output(), aad(reference));
            } catch (IOException | RuntimeException e) {
                upload.abort();
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
                upload.complete();
                written = true;
                writtenAt = Instant.now();
            }
        }

        /** Reads back what was written, before it is published; for a second pass over the packet. */
        public InputStream openWritten() throws IOException {
            if (!written) {
                throw new IllegalStateException("the payload is still being written");
            }
            return open(reference);
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
        }

        /** Finishes writing and keeps the payload, for a caller that records its reference itself. */
        public void commit() throws IOException {
            finishWriting();
            published();
        }

        public void discard() {
            if (!ended) {
                ended = true;
                try {
                    plaintext.close();
                } catch (IOException | RuntimeException ignored) {
                    // the object is removed next; a failing close changes nothing
                }
                upload.abort();
            }
        }

        @Override
        public void close() {
            discard();
        }
    }

    public Pending create() throws IOException {
        return new Pending();
    }

    /** @throws java.nio.file.NoSuchFileException when the payload is gone (retention deleted it) */
    public InputStream open(String reference) throws IOException {
        InputStream ciphertext = objects.read(reference);
        try {
            return keys.decrypting(ciphertext, aad(reference));
        } catch (IOException | RuntimeException e) {
            ciphertext.close();
            throw new IOException("payload " + reference + ": " + e.getMessage(), e);
        }
    }

    /** The id of the key that encrypted a payload. */
    public int keyId(String reference) throws IOException {
        try (PushbackInputStream in = new PushbackInputStream(objects.read(reference), 8)) {
            return PayloadKeys.keyId(in);
        }
    }

    /** Deletes a payload and confirms that it is gone, so retention records a deletion only once it happened. */
    public void delete(String reference) throws IOException {
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

    /** Throws unless payloads can be stored and read now. */
    public void checkAvailable() throws IOException {
        objects.checkAvailable();
    }

    public String describe() {
        return objects.describe();
    }

    private static byte[] aad(String reference) {
        return ("sagsbro-payload:" + reference).getBytes(StandardCharsets.US_ASCII);
    }
}
