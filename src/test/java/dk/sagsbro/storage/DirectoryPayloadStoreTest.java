package dk.sagsbro.storage;

import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The payload-store suite on the local directory (the embedded default). */
class DirectoryPayloadStoreTest extends PayloadStoreContract {
    @TempDir
    Path directory;

    @Override
    protected ObjectStore freshObjectStore() throws IOException {
        return new DirectoryObjectStore(Files.createTempDirectory(directory, "payloads"), 0);
    }
}
