package dk.sagsbro.packet;

import java.util.Map;

/** One file entry seen while streaming a container, with the digests of its uncompressed content. */
public record ScannedEntry(String name, boolean stored, long size, Map<String, byte[]> digests) {

    public byte[] digest(String algorithm) {
        return digests.get(algorithm);
    }
}
