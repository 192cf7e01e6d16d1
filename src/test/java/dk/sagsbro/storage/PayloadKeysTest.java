package dk.sagsbro.storage;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.StreamingAead;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.subtle.AesGcmHkdfStreaming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key rotation: a new key encrypts new packets, the old ones stay readable, each payload names its key. */
class PayloadKeysTest {
    @TempDir
    Path directory;

    private static final byte[] RAW_KEY = new byte[32];

    static KeysetHandle oneKey() throws GeneralSecurityException {
        com.google.crypto.tink.streamingaead.StreamingAeadConfig.register();
        return KeysetHandle.newBuilder().addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB).withRandomId().makePrimary()).build();
    }

    /** The keyset with one more key, made primary: what an operator's rotation does. */
    static KeysetHandle rotated(KeysetHandle keyset) throws GeneralSecurityException {
        KeysetHandle.Builder builder = KeysetHandle.newBuilder(keyset);
        builder.addEntry(KeysetHandle.generateEntryFromParameters(
                PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB).withRandomId().makePrimary());
        return builder.build();
    }

    private String write(PayloadStore store, String text) throws IOException {
        PayloadStore.Pending pending = store.create();
        pending.output().write(text.getBytes(StandardCharsets.UTF_8));
        pending.commit();
        return pending.reference();
    }

    private static String read(PayloadStore store, String reference) throws IOException {
        try (InputStream in = store.open(reference)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aNewPrimaryKeyEncryptsNewPacketsAndTheOldOnesStayReadable() throws Exception {
        DirectoryObjectStore objects = new DirectoryObjectStore(directory, 0);
        KeysetHandle first = oneKey();
        PayloadStore before = new PayloadStore(objects, PayloadKeys.ofKeyset(first, Optional.empty()));
        String old = write(before, "written under the first key");

        KeysetHandle second = rotated(first);
        PayloadKeys rotatedKeys = PayloadKeys.ofKeyset(second, Optional.empty());
        PayloadStore after = new PayloadStore(objects, rotatedKeys);
        String fresh = write(after, "written under the second key");

        assertThat(read(after, old)).isEqualTo("written under the first key");
        assertThat(read(after, fresh)).isEqualTo("written under the second key");
        int firstId = first.getPrimary().getId();
        assertThat(after.keyId(old)).isEqualTo(firstId);
        assertThat(after.keyId(fresh)).isEqualTo(rotatedKeys.primaryId()).isNotEqualTo(firstId);
        // a gateway still on the old keyset cannot read what the new key wrote, and says which key it lacks
        assertThatThrownBy(() -> read(before, fresh)).isInstanceOf(IOException.class)
                .hasMessageContaining(Integer.toUnsignedString(rotatedKeys.primaryId()));
    }

    @Test
    void aKeyTakenOutOfTheKeysetNoLongerReadsItsPackets() throws Exception {
        DirectoryObjectStore objects = new DirectoryObjectStore(directory, 0);
        KeysetHandle first = oneKey();
        String old = write(new PayloadStore(objects, PayloadKeys.ofKeyset(first, Optional.empty())), "old");
        KeysetHandle second = rotated(first);
        KeysetHandle.Builder disabling = KeysetHandle.newBuilder();
        for (int i = 0; i < second.size(); i++) {
            KeysetHandle.Entry entry = second.getAt(i);
            KeysetHandle.Builder.Entry copy = KeysetHandle.importKey(entry.getKey()).withFixedId(entry.getId())
                    .setStatus(entry.getId() == first.getPrimary().getId() ? KeyStatus.DISABLED : KeyStatus.ENABLED);
            disabling.addEntry(entry.isPrimary() ? copy.makePrimary() : copy);
        }
        PayloadStore withoutOldKey = new PayloadStore(objects,
                PayloadKeys.ofKeyset(disabling.build(), Optional.empty()));
        assertThatThrownBy(() -> read(withoutOldKey, old)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not hold");
    }

    /** A payload as earlier versions wrote it under the raw key: {@code header}, then 1 MiB segments. */
    private static String writeInOneMebibyteSegments(ObjectStore objects, byte[] header, String text)
            throws Exception {
        String reference = UUID.randomUUID().toString();
        StreamingAead earlier = new AesGcmHkdfStreaming(RAW_KEY, "HmacSha256", 32, 1 << 20, 0);
        ObjectStore.Upload upload = objects.upload(reference);
        upload.output().write(header);
        try (OutputStream out = earlier.newEncryptingStream(upload.output(),
                ("sagsbro-payload:" + reference).getBytes(StandardCharsets.US_ASCII))) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        upload.complete();
        return reference;
    }

    @Test
    void packetsWrittenBeforeKeyIdsAreReadWithTheEarlierSingleKey() throws Exception {
        DirectoryObjectStore objects = new DirectoryObjectStore(directory, 0);
        // the format of earlier versions: Tink's ciphertext under the raw key, no header
        String legacy = writeInOneMebibyteSegments(objects, new byte[0], "written before key ids");

        PayloadStore onRawKey = new PayloadStore(objects, PayloadKeys.ofRawKey(RAW_KEY));
        assertThat(read(onRawKey, legacy)).isEqualTo("written before key ids");
        assertThat(onRawKey.keyId(legacy)).isEqualTo(PayloadKeys.RAW_KEY_ID);

        PayloadStore onKeyset = new PayloadStore(objects, PayloadKeys.ofKeyset(oneKey(), Optional.of(RAW_KEY)));
        assertThat(read(onKeyset, legacy)).isEqualTo("written before key ids");
        String fresh = write(onKeyset, "new");
        assertThat(onKeyset.keyId(fresh)).isNotEqualTo(PayloadKeys.RAW_KEY_ID);

        PayloadStore keysetAlone = new PayloadStore(objects, PayloadKeys.ofKeyset(oneKey(), Optional.empty()));
        assertThatThrownBy(() -> read(keysetAlone, legacy)).isInstanceOf(IOException.class);
    }

    @Test
    void theRawKeyWritesSmallSegmentsAndStillReadsTheVersionOneFormat() throws Exception {
        DirectoryObjectStore objects = new DirectoryObjectStore(directory, 0);
        // version 1: the header with key id 0, then Tink's ciphertext in 1 MiB segments
        String versionOne = writeInOneMebibyteSegments(objects, new byte[] {0x00, 'S', 'B', 0x01, 0, 0, 0, 0},
                "version one");
        StreamingAead earlier = new AesGcmHkdfStreaming(RAW_KEY, "HmacSha256", 32, 1 << 20, 0);
        PayloadStore store = new PayloadStore(objects, PayloadKeys.ofRawKey(RAW_KEY));
        assertThat(read(store, versionOne)).isEqualTo("version one");

        String text = "x".repeat(300_000);
        String fresh = write(store, text);
        assertThat(read(store, fresh)).isEqualTo(text);
        try (InputStream raw = objects.read(fresh)) {
            byte[] header = raw.readNBytes(8);
            assertThat(header).containsExactly(0x00, 'S', 'B', 0x02, 0, 0, 0, 0);
            // 64 KiB segments: the 1 MiB reader of version 1 cannot take them
            assertThatThrownBy(() -> earlier.newDecryptingStream(raw,
                    ("sagsbro-payload:" + fresh).getBytes(StandardCharsets.US_ASCII)).readAllBytes())
                    .isInstanceOf(IOException.class);
        }
        assertThat(store.keyId(fresh)).isEqualTo(PayloadKeys.RAW_KEY_ID);
    }

    @Test
    void aKeysetReadsFromTinksJsonFormat() throws Exception {
        KeysetHandle keyset = oneKey();
        String json = com.google.crypto.tink.TinkJsonProtoKeysetFormat.serializeKeyset(keyset,
                com.google.crypto.tink.InsecureSecretKeyAccess.get());
        PayloadKeys keys = PayloadKeys.ofKeyset(PayloadKeys.parseKeyset(json), Optional.empty());
        assertThat(keys.primaryId()).isEqualTo(keyset.getPrimary().getId());
        assertThatThrownBy(() -> PayloadKeys.parseKeyset("{\"not\": \"a keyset\"}"))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
