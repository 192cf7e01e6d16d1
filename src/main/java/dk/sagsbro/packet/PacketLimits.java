package dk.sagsbro.packet;

/**
 * Bounds enforced while a container streams in, so that no packet (zip bomb or otherwise) can exhaust disk or time.
 * The compression ratio applies to entries larger than {@code ratioThresholdBytes}, since tiny files compress
 * legitimately well.
 */
public record PacketLimits(long maxPacketBytes, int maxEntries, long maxEntryBytes, long maxTotalUncompressedBytes,
        int maxCompressionRatio, long ratioThresholdBytes) {

    public static PacketLimits defaults() {
        return new PacketLimits(8L << 30, 10_000, 4L << 30, 16L << 30, 100, 1L << 20);
    }
}
