package dk.sagsbro.storage;

import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Packet bytes at rest: one file per packet, encrypted in 1 MiB segments with AES-256-GCM (Tink's streaming AEAD, so
 * neither writing nor reading holds a packet in memory) and bound to its reference as associated data, so files
 * cannot be swapped. A payload is written under a temporary name and appears under its reference only once
 * complete.
 */
public final class PayloadStore {
    private static final Pattern REFERENCE = Pattern.compile("[0-9a-f-]{36}");
    private static final int SEGMENT_BYTES = 1 << 20;

    private final Path directory;
    private final StreamingAead aead;
    private final long reserveBytes;
    /** How many bytes may be written between two looks at the free space. */
    private static final long RESERVE_CHECK_INTERVAL = 64L << 20;

    public PayloadStore(Path directory, byte[] key) throws IOException {
        this(directory, key, 0);
    }

    /**
     * @param reserveBytes free disk space the store never writes into: below it a new payload is refused, and one
     *                     being written is stopped, with {@code storage-full} (the gateway, its database and its logs
     *                     share the disk)
     */
    public PayloadStore(Path directory, byte[] key, long reserveBytes) throws IOException {
        this.reserveBytes = reserveBytes;
        if (key.length != 32) {
            throw new IllegalArgumentException("the payload key must be 32 bytes");
        }
        this.directory = Files.createDirectories(directory);
        try {
            this.aead = new AesGcmHkdfStreaming(key, "HmacSha256", 32, SEGMENT_BYTES, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM streaming encryption is unavailable", e);
        }
    }

    /** A payload being written; {@link #commit()} makes it durable and readable, {@link #discard()} removes it. */
    public final class Pending implements AutoCloseable {
        private final String reference = UUID.randomUUID().toString();
        private final Path partial = directory.resolve(reference + ".part");
        private final FileChannel channel;
        private final OutputStream plaintext;
        private boolean finished;

        private Pending() throws IOException {
            checkReserve();
            channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            try {
                plaintext = aead.newEncryptingStream(new ReserveKeeping(Channels.newOutputStream(channel)),
                        aad(reference));
            } catch (GeneralSecurityException e) {
                channel.close();
                throw new IOException("cannot start encryption", e);
            }
        }

        public String reference() {
            return reference;
        }

        public OutputStream output() {
            return plaintext;
        }

        /** Ends writing: the last segment is encrypted and the payload can be read back with {@link #openWritten()}. */
        public void finishWriting() throws IOException {
            plaintext.close();
        }

        /** Reads back what was written, before it is published; for a second pass over the packet. */
        public InputStream openWritten() throws IOException {
            try {
                return aead.newDecryptingStream(Files.newInputStream(partial), aad(reference));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot decrypt payload " + reference, e);
            }
        }

        /** Forces the written bytes to disk and publishes the payload under its reference. */
        public void commit() throws IOException {
            plaintext.close();
            try (FileChannel sync = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                sync.force(true);
            }
            Files.move(partial, path(reference), StandardCopyOption.ATOMIC_MOVE);
            finished = true;
            syncDirectory();
        }

        public void discard() {
            if (!finished) {
                finished = true;
                try {
                    plaintext.close();
                } catch (IOException | RuntimeException ignored) {
                    // the file is deleted next; a failing close changes nothing
                }
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // left behind as *.part, which readers never open
                }
            }
        }

        @Override
        public void close() {
            discard();
        }
    }

    private void checkReserve() throws IOException {
        if (reserveBytes > 0 && Files.getFileStore(directory).getUsableSpace() < reserveBytes) {
            throw new UploadRefusedException(ProblemType.STORAGE_FULL, "the gateway keeps "
                    + reserveBytes + " bytes of disk free and is at that limit; nothing was stored, submit again later");
        }
    }

    /** Looks at the free space again every {@link #RESERVE_CHECK_INTERVAL} bytes written. */
    private final class ReserveKeeping extends java.io.FilterOutputStream {
        private long sinceCheck;

        ReserveKeeping(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            sinceCheck += length;
            if (sinceCheck >= RESERVE_CHECK_INTERVAL) {
                sinceCheck = 0;
                checkReserve();
            }
            out.write(bytes, offset, length);
        }
    }

    /** Makes the directory entries (a publish's rename) durable too, not only the file's bytes. */
    private void syncDirectory() throws IOException {
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
            directoryChannel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some file systems (and Windows) cannot sync a directory; the rename is then as durable as they make it
        }
    }

    /** A file in the store that nothing may need any more once it is old enough: see {@link #stale(Instant)}. */
    public record StoredFile(String reference, boolean published, Instant lastModified) {
    }

    /**
     * Payload files last written before {@code cutoff}: published ones (whether a transfer refers to them is the
     * caller's to decide) and unfinished ones, left by an intake that crashed or was cut off.
     */
    public List<StoredFile> stale(Instant cutoff) throws IOException {
        List<StoredFile> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                boolean published = name.endsWith(".enc");
                if (!published && !name.endsWith(".part")) {
                    continue;
                }
                String reference = name.substring(0, name.lastIndexOf('.'));
                Instant modified = Files.getLastModifiedTime(file).toInstant();
                if (REFERENCE.matcher(reference).matches() && modified.isBefore(cutoff)) {
                    stale.add(new StoredFile(reference, published, modified));
                }
            }
        }
        return stale;
    }

    /** Deletes an unfinished payload file (only ever one {@link #stale(Instant)} named). */
    public void deleteUnfinished(String reference) throws IOException {
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("not a payload reference");
        }
        Files.deleteIfExists(directory.resolve(reference + ".part"));
    }

    public Pending create() throws IOException {
        return new Pending();
    }

    public InputStream open(String reference) throws IOException {
        try {
            return aead.newDecryptingStream(Files.newInputStream(path(reference)), aad(reference));
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot decrypt payload " + reference, e);
        }
    }

    public void delete(String reference) throws IOException {
        Files.deleteIfExists(path(reference));
    }

    private Path path(String reference) {
        if (!REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("not a payload reference");
        }
        return directory.resolve(reference + ".enc");
    }

    private static byte[] aad(String reference) {
        return ("sagsbro-payload:" + reference).getBytes(StandardCharsets.US_ASCII);
    }
}
