package dk.sagsbro.gateway;

import dk.sagsbro.packet.DigestAlgorithm;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.registry.MunicipalityRegistry;
import dk.sagsbro.registry.RegistryInForce;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * The municipality registry in force. It is read at start-up (an invalid file stops the gateway) and read again by
 * the registry-reload route when the file changes; a changed file that is invalid is refused with its problems
 * logged, and the registry in force stays.
 */
@ApplicationScoped
@Named("municipalityRegistry")
public class RegistryHolder implements RegistryInForce {
    private final String location;
    private final Municipalities municipalities;
    private volatile MunicipalityRegistry current;
    /** The digest of the file content last read, so that any change, however quick, is noticed. */
    private volatile String loadedDigest;

    public RegistryHolder(GatewayConfig config, Municipalities municipalities) {
        this.location = config.registry();
        this.municipalities = municipalities;
        try {
            this.loadedDigest = fileDigest();
            this.current = read();
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.registry: " + e.getMessage(), e);
        }
    }

    @Override
    public MunicipalityRegistry current() {
        return current;
    }

    /** @return whether a changed registry file was read and is now in force */
    public boolean reloadIfChanged() {
        String digest = fileDigest();
        if (digest == null || digest.equals(loadedDigest)) {
            return false;
        }
        loadedDigest = digest;
        try {
            MunicipalityRegistry reloaded = read();
            current = reloaded;
            Log.infof("municipality registry %s is now in force", reloaded.version());
            return true;
        } catch (IOException e) {
            Log.errorf("the changed municipality registry was refused; %s stays in force: %s", current.version(),
                    e.getMessage());
            return false;
        }
    }

    private MunicipalityRegistry read() throws IOException {
        try (InputStream in = Locations.open(location)) {
            return MunicipalityRegistry.read(in, municipalities);
        }
    }

    /** The SHA-256 of the registry file, or null when the registry is a packaged resource or unreadable. */
    private String fileDigest() {
        Path file = Path.of(location);
        try {
            return Files.isRegularFile(file) ? HexFormat.of().formatHex(
                    DigestAlgorithm.SHA256.newDigest().digest(Files.readAllBytes(file))) : null;
        } catch (IOException e) {
            return null;
        }
    }
}
