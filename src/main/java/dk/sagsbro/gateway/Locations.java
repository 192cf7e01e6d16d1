package dk.sagsbro.gateway;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens a configured location: a file when one exists there, else a resource packaged with the gateway. */
public final class Locations {
    private Locations() {
    }

    public static InputStream open(String location) throws IOException {
        Path file = Path.of(location);
        if (Files.isRegularFile(file)) {
            return Files.newInputStream(file);
        }
        InputStream resource = Thread.currentThread().getContextClassLoader()
                .getResourceAsStream(location.startsWith("/") ? location.substring(1) : location);
        if (resource == null) {
            throw new FileNotFoundException("no file or packaged resource at " + location);
        }
        return resource;
    }
}
