package dk.sagsbro.storage;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The keys that encrypt payloads at rest, each with an id written in front of every payload it encrypts: the primary
 * key encrypts new payloads, every other enabled key still decrypts the payloads it once encrypted. The keys come
 * from a Tink keyset (streaming AEAD keys: AES-GCM-HKDF or AES-CTR-HMAC), so that rotating is adding a key and making
 * it primary, and a keyset wrapped by a KMS fits in later without changing the format.
 *
 * <p>The single 32-byte key of earlier versions ({@code sagsbro.payload-key}) is key id 0: payloads written before
 * key ids existed carry no header and are read with it.
 */
public final class PayloadKeys {
    /**
     * Marks a payload with a key id, then a format version; a headerless payload starts with Tink's header length,
     * 0x28. The version matters only to the raw key: version 1 (and headerless) payloads were written in 1 MiB
     * segments, version 2 in 64 KiB ones. A keyset key's segment size is part of the key.
     */
    private static final byte[] MAGIC = {0x00, 'S', 'B'};
    private static final byte VERSION_1 = 0x01;
    private static final byte VERSION_2 = 0x02;
    private static final int HEADER_BYTES = MAGIC.length + 1 + Integer.BYTES;
    /** The id of the single raw key ({@code sagsbro.payload-key}); never a Tink key id in a configured keyset. */
    public static final int RAW_KEY_ID = 0;
    private static final int VERSION_1_SEGMENT_BYTES = 1 << 20;
    /**
     * Each stream holds a plaintext and a ciphertext segment: at 1 MiB both are humongous objects on a small G1 heap,
     * and every packet forced an old-generation collection.
     */
    private static final int SEGMENT_BYTES = 64 << 10;

    private final Map<Integer, StreamingAead> keys;
    /** The raw key as version 1 payloads need it, or null without a raw key. */
    private final StreamingAead rawKeyVersion1;
    private final int primaryId;

    private PayloadKeys(Map<Integer, StreamingAead> keys, StreamingAead rawKeyVersion1, int primaryId) {
        this.keys = Collections.unmodifiableMap(keys);
        this.rawKeyVersion1 = rawKeyVersion1;
        this.primaryId = primaryId;
    }

    /** One 32-byte key: the embedded default, and the configuration of earlier versions. */
    public static PayloadKeys ofRawKey(byte[] key) {
        Map<Integer, StreamingAead> keys = new LinkedHashMap<>();
        keys.put(RAW_KEY_ID, rawKey(key, SEGMENT_BYTES));
        return new PayloadKeys(keys, rawKey(key, VERSION_1_SEGMENT_BYTES), RAW_KEY_ID);
    }

    /**
     * A keyset's enabled keys; its primary encrypts. {@code rawKey}, when given, still decrypts what it encrypted
     * before the keyset replaced it.
     */
    public static PayloadKeys ofKeyset(KeysetHandle keyset, Optional<byte[]> rawKey) throws GeneralSecurityException {
        StreamingAeadConfig.register();
        Map<Integer, StreamingAead> keys = new LinkedHashMap<>();
        rawKey.ifPresent(key -> keys.put(RAW_KEY_ID, rawKey(key, SEGMENT_BYTES)));
        Integer primary = null;
        for (int i = 0; i < keyset.size(); i++) {
            KeysetHandle.Entry entry = keyset.getAt(i);
            if (entry.getId() == RAW_KEY_ID) {
                throw new GeneralSecurityException("key id 0 is reserved for sagsbro.payload-key");
            }
            if (entry.getStatus() != KeyStatus.ENABLED) {
                continue;
            }
            KeysetHandle single = KeysetHandle.newBuilder()
                    .addEntry(KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId()).makePrimary())
                    .build();
            keys.put(entry.getId(), single.getPrimitive(RegistryConfiguration.get(), StreamingAead.class));
            if (entry.isPrimary()) {
                primary = entry.getId();
            }
        }
        if (primary == null) {
            throw new GeneralSecurityException("the payload keyset has no enabled primary key");
        }
        return new PayloadKeys(keys, rawKey.map(key -> rawKey(key, VERSION_1_SEGMENT_BYTES)).orElse(null), primary);
    }

    /** Reads a keyset in Tink's JSON format, unencrypted (from a secret the platform keeps). */
    public static KeysetHandle parseKeyset(String json) throws GeneralSecurityException {
        StreamingAeadConfig.register();
        return TinkJsonProtoKeysetFormat.parseKeyset(json, InsecureSecretKeyAccess.get());
    }

    private static StreamingAead rawKey(byte[] key, int segmentBytes) {
        if (key.length != 32) {
            throw new IllegalArgumentException("the payload key must be 32 bytes");
        }
        try {
            return new AesGcmHkdfStreaming(key, "HmacSha256", 32, segmentBytes, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM streaming encryption is unavailable", e);
        }
    }

    public int primaryId() {
        return primaryId;
    }

    public Set<Integer> ids() {
        return keys.keySet();
    }

    /** Writes the primary key's id, then encrypts into {@code ciphertext}; closing the result closes it. */
    OutputStream encrypting(OutputStream ciphertext, byte[] associatedData) throws IOException {
        ciphertext.write(ByteBuffer.allocate(HEADER_BYTES).put(MAGIC).put(VERSION_2).putInt(primaryId).array());
        try {
            return keys.get(primaryId).newEncryptingStream(ciphertext, associatedData);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot start encryption", e);
        }
    }

    /** Decrypts with the key whose id the payload names (or the raw key, for a payload without a header). */
    InputStream decrypting(InputStream ciphertext, byte[] associatedData) throws IOException {
        PushbackInputStream in = new PushbackInputStream(ciphertext, HEADER_BYTES);
        Header header = header(in);
        int keyId = header.keyId();
        StreamingAead key = keyId == RAW_KEY_ID && header.version() < VERSION_2 ? rawKeyVersion1 : keys.get(keyId);
        if (key == null) {
            in.close();
            throw new IOException("the payload was encrypted with key " + Integer.toUnsignedString(keyId)
                    + ", which the configured keyset does not hold (enabled)");
        }
        try {
            return key.newDecryptingStream(in, associatedData);
        } catch (GeneralSecurityException e) {
            in.close();
            throw new IOException("cannot decrypt payload", e);
        }
    }

    /** The key id in front of a payload, consumed; a payload without one is the raw key's (left unread). */
    static int keyId(PushbackInputStream in) throws IOException {
        return header(in).keyId();
    }

    /** Version 0 stands for a payload without a header. */
    private record Header(byte version, int keyId) {
    }

    private static Header header(PushbackInputStream in) throws IOException {
        byte[] header = in.readNBytes(HEADER_BYTES);
        if (header.length == HEADER_BYTES && header[0] == MAGIC[0] && header[1] == MAGIC[1]
                && header[2] == MAGIC[2] && (header[3] == VERSION_1 || header[3] == VERSION_2)) {
            return new Header(header[3], ByteBuffer.wrap(header, MAGIC.length + 1, Integer.BYTES).getInt());
        }
        in.unread(header);
        return new Header((byte) 0, RAW_KEY_ID);
    }
}
