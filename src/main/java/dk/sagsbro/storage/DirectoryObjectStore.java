package dk.sagsbro.storage;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Objects as files in one local directory: the embedded default, for a single gateway. An object is written as
 * {@code name.part}, forced to disk and renamed to {@code name.enc}, so a reader sees it whole or not at all.
 */
public final class DirectoryObjectStore implements ObjectStore {
    private static final Pattern NAME = Pattern.compile("[0-9a-f-]{36}");
    private final Path directory;
    private final long reserveBytes;
    /** How large objects' direct writes are aligned here; 0 when they go through the page cache. */
    private final int directAlignment;
    /**
     * The directory's file system, found once: finding it reads the whole mount table, which cost more than the rest
     * of a small packet's storing; its free space is still read afresh on every check.
     */
    private final FileStore fileStore;

    /**
     * @param reserveBytes free disk space the store never writes into: below it a new object is refused, and one
     *                     being written is stopped, with {@code storage-full} (the gateway, its database and its logs
     *                     share the disk)
     */
    public DirectoryObjectStore(Path directory, long reserveBytes) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.reserveBytes = reserveBytes;
        this.directAlignment = PayloadFileOutput.alignmentFor(this.directory);
        this.fileStore = Files.getFileStore(this.directory);
    }

    @Override
    public Upload upload(String name) throws IOException {
        checkReserve();
        Path partial = directory.resolve(checked(name) + ".part");
        FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        PayloadFileOutput output = new PayloadFileOutput(partial, channel, directAlignment, this::checkReserve);
        return new Upload() {
            private boolean completed;

            @Override
            public OutputStream output() {
                return output;
            }

            @Override
            public void complete() throws IOException {
                output.close();
                try (FileChannel sync = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                    sync.force(true);
                }
                Files.move(partial, file(name), StandardCopyOption.ATOMIC_MOVE);
                completed = true;
                syncDirectory();
            }

            @Override
            public void abort() {
                try {
                    output.close();
                } catch (IOException | RuntimeException ignored) {
                    // the file is deleted next; a failing close changes nothing
                }
                try {
                    Files.deleteIfExists(completed ? file(name) : partial);
                } catch (IOException ignored) {
                    // left behind, for the orphan sweep
                }
            }
        };
    }

    @Override
    public InputStream read(String name) throws IOException {
        return Files.newInputStream(file(name));
    }

    @Override
    public boolean exists(String name) {
        return Files.exists(file(name));
    }

    @Override
    public void delete(String name) throws IOException {
        Files.deleteIfExists(file(name));
    }

    @Override
    public List<StoredObject> stale(Instant cutoff) throws IOException {
        List<StoredObject> stale = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                boolean complete = fileName.endsWith(".enc");
                if (!complete && !fileName.endsWith(".part")) {
                    continue;
                }
                String name = fileName.substring(0, fileName.lastIndexOf('.'));
                Instant modified;
                try {
                    modified = Files.getLastModifiedTime(file).toInstant();
                } catch (NoSuchFileException completedOrRemovedMeanwhile) {
                    continue;
                }
                if (NAME.matcher(name).matches() && modified.isBefore(cutoff)) {
                    stale.add(new StoredObject(name, complete, modified, null));
                }
            }
        }
        return stale;
    }

    @Override
    public void removeUnfinished(StoredObject unfinished) throws IOException {
        Files.deleteIfExists(directory.resolve(checked(unfinished.name()) + ".part"));
    }

    @Override
    public void checkAvailable() throws IOException {
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new IOException("payload directory " + directory.getFileName() + " is not a writable directory");
        }
        // A disk at its reserve refuses new packets (503 storage-full) but still serves downloads: not unready.
    }

    @Override
    public String describe() {
        return "directory " + directory;
    }

    @Override
    public void checkRoom() throws IOException {
        checkReserve();
    }

    /** Also called by an object being written, every {@link PayloadFileOutput#WRITE_BEHIND_INTERVAL} bytes. */
    private void checkReserve() throws IOException {
        if (reserveBytes > 0 && fileStore.getUsableSpace() < reserveBytes) {
            throw new UploadRefusedException(ProblemType.STORAGE_FULL, "the gateway keeps "
                    + reserveBytes + " bytes of disk free and is at that limit; nothing was stored, submit again later");
        }
    }

    /** Makes the directory entries (a publish's rename) durable too, not only the file's bytes. */
    private void syncDirectory() {
        try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
            directoryChannel.force(true);
        } catch (IOException | UnsupportedOperationException notSupported) {
            // some file systems (and Windows) cannot sync a directory; the rename is then as durable as they make it
        }
    }

    private Path file(String name) {
        return directory.resolve(checked(name) + ".enc");
    }

    private static String checked(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a payload reference");
        }
        return name;
    }
}
