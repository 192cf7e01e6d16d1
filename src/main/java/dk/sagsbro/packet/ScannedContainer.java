package dk.sagsbro.packet;

import dk.sagsbro.problem.Problem;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one streaming pass over a container found: its entries in order, the small entries it kept (mimetype,
 * case.json, META-INF files), the packet's own SHA-256 and size, and the problems seen. When {@code complete} is
 * false the scan stopped at a fatal problem and the entry list is partial.
 */
public record ScannedContainer(List<ScannedEntry> entries, Map<String, byte[]> kept, String packetDigest,
        long packetSize, List<Problem> problems, boolean complete) {

    public Optional<ScannedEntry> entry(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public Optional<byte[]> keptContent(String name) {
        return Optional.ofNullable(kept.get(name));
    }
}
