package dk.sagsbro.storage;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every payload store must do, whatever keeps its bytes: each implementation runs this same suite (the local
 * directory, and S3 on a real S3 API server).
 */
abstract class PayloadStoreContract {
    /** Larger than two S3 parts, so that the object store streams it as a multipart upload. */
    static final int MULTIPART_BYTES = 2 * S3ObjectStore.MIN_PART_BYTES + 123_457;

    protected ObjectStore objects;
    protected PayloadStore store;

    /** A new, empty store for each test. */
    protected abstract ObjectStore freshObjectStore() throws IOException;

    @BeforeEach
    void freshStore() throws IOException {
        objects = freshObjectStore();
        store = new PayloadStore(objects, PayloadKeys.ofRawKey(new byte[32]));
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    String written(PayloadStore into, byte[] content) throws IOException {
        PayloadStore.Pending pending = into.create();
        try (OutputStream out = pending.output()) {
            // in pieces, as a packet streams in
            for (int offset = 0; offset < content.length; offset += 65_536) {
                out.write(content, offset, Math.min(65_536, content.length - offset));
            }
        }
        pending.commit();
        return pending.reference();
    }

    static byte[] read(PayloadStore from, String reference) throws IOException {
        try (InputStream in = from.open(reference)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aPayloadIsPublishableOnlyOnceWrittenAndOnlyWithinHalfTheOrphanGrace() throws IOException {
        PayloadStore.Pending timely = store.create();
        timely.output().write(randomBytes(1000, 14));
        assertThatThrownBy(timely::checkPublishable).isInstanceOf(IllegalStateException.class);
        timely.finishWriting();
        timely.checkPublishable();
        timely.discard();

        PayloadStore hasty = new PayloadStore(objects, PayloadKeys.ofRawKey(new byte[32]),
                java.time.Duration.ofMillis(20));
        PayloadStore.Pending late = hasty.create();
        late.output().write(randomBytes(1000, 15));
        late.finishWriting();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).untilAsserted(() ->
                assertThatThrownBy(late::checkPublishable)
                        .isInstanceOf(dk.sagsbro.problem.UploadRefusedException.class)
                        .hasMessageContaining("submit again"));
        late.discard();
        assertThat(objects.exists(late.reference())).isFalse();
    }

    @Test
    void aSmallPayloadReadsBackAsWritten() throws IOException {
        byte[] content = randomBytes(50_000, 1);
        assertThat(read(store, written(store, content))).isEqualTo(content);
    }

    @Test
    void anEmptyPayloadReadsBackEmpty() throws IOException {
        assertThat(read(store, written(store, new byte[0]))).isEmpty();
    }

    @Test
    void aPayloadOfSeveralPartsReadsBackAsWritten() throws IOException {
        byte[] content = randomBytes(MULTIPART_BYTES, 2);
        assertThat(read(store, written(store, content))).isEqualTo(content);
    }

    @Test
    void theStoreNeverHoldsPlaintext() throws IOException {
        byte[] content = "CPR 010203-1234 Barnets lov § 132".repeat(100).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String reference = written(store, content);
        byte[] stored;
        try (InputStream in = objects.read(reference)) {
            stored = in.readAllBytes();
        }
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("010203");
        assertThat(stored.length).isGreaterThan(content.length);
    }

    @Test
    void nothingIsReadableUnderItsReferenceBeforeWritingFinished() throws IOException {
        PayloadStore.Pending pending = store.create();
        pending.output().write(randomBytes(MULTIPART_BYTES, 3));
        assertThatThrownBy(() -> store.open(pending.reference())).isInstanceOf(NoSuchFileException.class);
        assertThat(objects.exists(pending.reference())).isFalse();
        assertThatThrownBy(pending::openWritten).isInstanceOf(IllegalStateException.class);
        pending.finishWriting();
        try (InputStream again = pending.openWritten()) {
            assertThat(again.readAllBytes()).hasSize(MULTIPART_BYTES);
        }
        pending.discard();
    }

    @Test
    void aDiscardedPayloadIsGoneWhetherOrNotWritingFinished() throws IOException {
        PayloadStore.Pending unfinished = store.create();
        unfinished.output().write(randomBytes(MULTIPART_BYTES, 4));
        unfinished.discard();
        PayloadStore.Pending finished = store.create();
        finished.output().write(randomBytes(1000, 5));
        finished.finishWriting();
        finished.discard();

        assertThat(objects.exists(finished.reference())).isFalse();
        assertThat(store.stale(Instant.now().plusSeconds(60))).isEmpty();
    }

    @Test
    void aPublishedPayloadSurvivesADiscard() throws IOException {
        PayloadStore.Pending pending = store.create();
        pending.output().write(randomBytes(1000, 6));
        pending.finishWriting();
        pending.published();
        pending.discard();
        assertThat(read(store, pending.reference())).hasSize(1000);
    }

    @Test
    void aPayloadCopiedUnderAnotherReferenceDoesNotDecrypt() throws IOException {
        String original = written(store, randomBytes(10_000, 7));
        String other = UUID.randomUUID().toString();
        ObjectStore.Upload copy = objects.upload(other);
        try (InputStream in = objects.read(original)) {
            in.transferTo(copy.output());
        }
        copy.complete();
        assertThatThrownBy(() -> read(store, other)).isInstanceOf(IOException.class);
    }

    @Test
    void aChangedByteIsRefused() throws IOException {
        String reference = written(store, randomBytes(10_000, 8));
        byte[] stored;
        try (InputStream in = objects.read(reference)) {
            stored = in.readAllBytes();
        }
        stored[stored.length / 2] ^= 1;
        objects.delete(reference);
        ObjectStore.Upload changed = objects.upload(reference);
        changed.output().write(stored);
        changed.complete();
        assertThatThrownBy(() -> read(store, reference)).isInstanceOf(IOException.class);
    }

    @Test
    void aDeletedPayloadIsConfirmedGoneAndDeletingAgainIsNoError() throws IOException {
        String reference = written(store, randomBytes(1000, 9));
        store.delete(reference);
        assertThat(objects.exists(reference)).isFalse();
        assertThatThrownBy(() -> store.open(reference)).isInstanceOf(NoSuchFileException.class);
        store.delete(reference);
    }

    @Test
    void theSweepSeesUnfinishedUploadsAndCompletePayloadsOnlyOnceOldEnough() throws IOException {
        String complete = written(store, randomBytes(1000, 10));
        PayloadStore.Pending cutOffSmall = store.create();
        cutOffSmall.output().write(randomBytes(1000, 11));
        cutOffSmall.output().flush();
        PayloadStore.Pending cutOffLarge = store.create();
        cutOffLarge.output().write(randomBytes(MULTIPART_BYTES, 12));
        cutOffLarge.output().flush();

        assertThat(store.stale(Instant.now().minusSeconds(3600))).isEmpty();
        List<ObjectStore.StoredObject> stale = store.stale(Instant.now().plusSeconds(60));
        assertThat(stale).filteredOn(ObjectStore.StoredObject::complete)
                .extracting(ObjectStore.StoredObject::name).containsExactly(complete);
        List<ObjectStore.StoredObject> unfinished = stale.stream().filter(o -> !o.complete()).toList();
        // A cut-off upload smaller than one S3 part never left the gateway's memory; the directory store has its file.
        assertThat(unfinished).extracting(ObjectStore.StoredObject::name).contains(cutOffLarge.reference())
                .isSubsetOf(cutOffSmall.reference(), cutOffLarge.reference());

        for (ObjectStore.StoredObject object : unfinished) {
            store.deleteUnfinished(object);
        }
        assertThat(store.stale(Instant.now().plusSeconds(60))).extracting(ObjectStore.StoredObject::name)
                .containsExactly(complete);
        assertThatThrownBy(() -> store.deleteUnfinished(stale.stream().filter(ObjectStore.StoredObject::complete)
                .findFirst().orElseThrow())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aReferenceThatIsNotOneIsRefusedBeforeTheStoreIsAsked() {
        assertThatThrownBy(() -> store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.delete("x/" + UUID.randomUUID())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAvailableStoreSaysSo() throws IOException {
        store.checkAvailable();
        assertThat(store.describe()).isNotBlank();
    }

    @Test
    void readingStreamsWithoutHoldingThePayload() throws IOException {
        byte[] content = randomBytes(MULTIPART_BYTES, 13);
        String reference = written(store, content);
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try (InputStream in = store.open(reference)) {
            head.write(in.readNBytes(100));
        }
        assertThat(head.toByteArray()).isEqualTo(java.util.Arrays.copyOf(content, 100));
    }
}
