package dk.sagsbro.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the directory payload store holds: its finished ({@code .enc}) and partial ({@code .part}) files. */
public final class PayloadFiles {
    private PayloadFiles() {
    }

    public static long endingWith(Path payloads, String suffix) throws IOException {
        if (!Files.isDirectory(payloads)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(payloads)) {
            return files.filter(file -> file.toString().endsWith(suffix)).count();
        }
    }
}
