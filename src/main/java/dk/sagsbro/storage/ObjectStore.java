package dk.sagsbro.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where the encrypted packet bytes live: named objects written once while they stream in, read back, deleted. It
 * never sees plaintext ({@link PayloadStore} encrypts before and decrypts after). Implementations: a local
 * directory (the embedded default) and S3-compatible object storage (several gateway instances).
 */
public interface ObjectStore {

    /** An object being written; nothing can read it under its name before {@link #complete()}. */
    interface Upload {
        OutputStream output();

        /** Makes the written bytes durable and readable under the object's name. */
        void complete() throws IOException;

        /** Removes whatever was written; safe to call at any point, also after {@link #complete()} failed. */
        void abort();
    }

    /** Starts an object; refuses ({@code storage-full}) as {@link #checkRoom()} does. */
    Upload upload(String name) throws IOException;

    /**
     * Throws {@code storage-full} when the gateway's disk is at its reserve; a payload kept in the database (whose
     * disk the gateway may share) is refused then as well.
     */
    default void checkRoom() throws IOException {
    }

    /** @throws java.nio.file.NoSuchFileException when no such object exists (any more) */
    InputStream read(String name) throws IOException;

    boolean exists(String name) throws IOException;

    /** Deletes the object; deleting one that is gone is no error. */
    void delete(String name) throws IOException;

    /**
     * Objects last written before {@code cutoff}, complete ones and uploads that never completed (an intake cut off
     * or crashed); an upload still in progress keeps itself fresh.
     */
    List<StoredObject> stale(Instant cutoff) throws IOException;

    /** Removes an unfinished upload that {@link #stale(Instant)} named. */
    void removeUnfinished(StoredObject unfinished) throws IOException;

    /** Throws unless the store can be written and read now: the gateway's readiness. */
    void checkAvailable() throws IOException;

    /** Names the store for operators (no credentials). */
    String describe();

    /**
     * @param handle what the store needs to remove an unfinished upload (its upload id), or null for a complete one
     */
    record StoredObject(String name, boolean complete, Instant lastModified, String handle) {
    }
}
