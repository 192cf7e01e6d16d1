package dk.sagsbro.packet;

/**
 * Bounds enforced while a container streams in, so that no packet (zip bomb or otherwise) can exhaust memory, disk
 * or time before its signature is checked. The compression ratio applies to entries, and to the packet as a whole,
 * once they are larger than {@code ratioThresholdBytes}, since tiny files compress legitimately well.
 * {@code maxKeptBytes} bounds the metadata entries (mimetype, case.json, the ASiC manifest and its signature) held
 * in memory together; every other entry is only digested on its way to the payload store.
 */
public record PacketLimits(long maxPacketBytes, int maxEntries, long maxEntryBytes, long maxTotalUncompressedBytes,
        int maxCompressionRatio, long ratioThresholdBytes, int maxNameBytes, long maxKeptBytes) {

    public static final int DEFAULT_MAX_NAME_BYTES = 1024;
    public static final long DEFAULT_MAX_KEPT_BYTES = 8L << 20;

    public static PacketLimits defaults() {
        return new PacketLimits(8L << 30, 10_000, 4L << 30, 16L << 30, 100, 1L << 20, DEFAULT_MAX_NAME_BYTES,
                DEFAULT_MAX_KEPT_BYTES);
    }
}
