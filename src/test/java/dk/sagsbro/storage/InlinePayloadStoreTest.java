package dk.sagsbro.storage;

import dk.sagsbro.support.PostgresServer;
import dk.sagsbro.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Small payloads kept in the database: they exist exactly when the transaction that publishes them commits, never
 * as plaintext, and within their limits; everything else goes to the object store as before. On the embedded
 * database and on PostgreSQL.
 */
class InlinePayloadStoreTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @TempDir
    Path directory;

    private DataSource dataSource;
    private ObjectStore objects;
    private InlinePayloads inline;

    private PayloadStore store(String database, int maxBytes, long budgetBytes) throws IOException {
        return store(database, maxBytes, budgetBytes, 0);
    }

    private PayloadStore store(String database, int maxBytes, long budgetBytes, long diskReserve) throws IOException {
        dataSource = database.equals("postgresql") ? POSTGRES.freshDatabase() : TestDatabases.freshMigrated();
        objects = new DirectoryObjectStore(Files.createTempDirectory(directory, "payloads"), diskReserve);
        inline = new InlinePayloads(dataSource, maxBytes, budgetBytes);
        return new PayloadStore(objects, PayloadKeys.ofRawKey(new byte[32]), PayloadStore.DEFAULT_ORPHAN_GRACE,
                inline);
    }

    private static PayloadStore.Pending written(PayloadStore store, byte[] content) throws IOException {
        PayloadStore.Pending pending = store.create();
        try (OutputStream out = pending.output()) {
            for (int offset = 0; offset < content.length; offset += 16_384) {
                out.write(content, offset, Math.min(16_384, content.length - offset));
            }
        }
        pending.finishWriting();
        return pending;
    }

    /** Publishes as the intake does: the payload's row in the transaction, then {@code published()} once committed. */
    private void publish(PayloadStore.Pending pending, boolean commit) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            pending.writeInline(connection);
            if (commit) {
                connection.commit();
                pending.published();
            } else {
                connection.rollback();
                pending.discard();
            }
        }
    }

    private long rows() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("select count(*) from payload_inline")) {
            count.next();
            return count.getLong(1);
        }
    }

    private static byte[] read(PayloadStore store, String reference) throws IOException {
        try (InputStream in = store.open(reference)) {
            return in.readAllBytes();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void aSmallPayloadIsKeptByTheCommitThatPublishesItAndNeverAsPlaintext(String database) throws Exception {
        PayloadStore store = store(database, 256 << 10, 32 << 20);
        byte[] content = "CPR 010203-1234 Barnets lov § 132 ".repeat(1500).getBytes(StandardCharsets.UTF_8);
        PayloadStore.Pending pending = written(store, content);
        assertThat(pending.isInline()).isTrue();
        try (InputStream again = pending.openWritten()) {
            assertThat(again.readAllBytes()).as("the verifier's second pass, before the commit").isEqualTo(content);
        }
        assertThatThrownBy(() -> store.open(pending.reference())).as("nothing is readable before the commit")
                .isInstanceOf(NoSuchFileException.class);

        publish(pending, true);

        assertThat(read(store, pending.reference())).isEqualTo(content);
        assertThat(objects.exists(pending.reference())).as("no object of its own").isFalse();
        assertThat(Files.list(directory).flatMap(d -> {
            try {
                return Files.list(d);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).as("no file written at all").isEmpty();
        assertThat(store.keyId(pending.reference())).isEqualTo(PayloadKeys.RAW_KEY_ID);
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("select ciphertext from payload_inline")) {
            row.next();
            byte[] stored = row.getBytes(1);
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("010203");
            assertThat(stored.length).isGreaterThan(content.length);
        }
        assertThat(inline.heldBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void aPayloadJustUnderALargeLimitIsKeptWhole(String database) throws Exception {
        PayloadStore store = store(database, 4 << 20, 32 << 20);
        byte[] content = PayloadStoreContract.randomBytes((4 << 20) - 4096, 10);
        PayloadStore.Pending pending = written(store, content);
        assertThat(pending.isInline()).isTrue();
        publish(pending, true);
        assertThat(read(store, pending.reference())).isEqualTo(content);
        assertThat(objects.exists(pending.reference())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void aRolledBackPublishKeepsNothingAndGivesItsMemoryBack(String database) throws Exception {
        PayloadStore store = store(database, 256 << 10, 32 << 20);
        PayloadStore.Pending pending = written(store, PayloadStoreContract.randomBytes(50_000, 1));
        assertThat(inline.heldBytes()).as("held until the commit").isGreaterThan(50_000);

        publish(pending, false);

        assertThat(rows()).isZero();
        assertThat(inline.heldBytes()).isZero();
        assertThatThrownBy(() -> store.open(pending.reference())).isInstanceOf(NoSuchFileException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void aPayloadOverTheLimitGoesToTheObjectStoreAsBefore(String database) throws Exception {
        PayloadStore store = store(database, 100_000, 32 << 20);
        byte[] content = PayloadStoreContract.randomBytes(300_000, 2);
        PayloadStore.Pending pending = written(store, content);
        assertThat(pending.isInline()).isFalse();
        assertThat(objects.exists(pending.reference())).isTrue();
        try (InputStream again = pending.openWritten()) {
            assertThat(again.readAllBytes()).isEqualTo(content);
        }

        publish(pending, true);

        assertThat(rows()).isZero();
        assertThat(read(store, pending.reference())).isEqualTo(content);
    }

    @Test
    void payloadsArrivingWhenTheSharedBudgetIsSpentGoToTheObjectStore() throws Exception {
        PayloadStore store = store("embedded", 256 << 10, 150_000);
        PayloadStore.Pending first = written(store, PayloadStoreContract.randomBytes(100_000, 3));
        PayloadStore.Pending second = written(store, PayloadStoreContract.randomBytes(100_000, 4));
        assertThat(first.isInline()).isTrue();
        assertThat(second.isInline()).as("the budget holds one of them").isFalse();
        assertThat(inline.heldBytes()).isBetween(100_000L, 150_000L);

        publish(first, true);
        publish(second, true);

        assertThat(inline.heldBytes()).isZero();
        assertThat(rows()).isOne();
        assertThat(read(store, first.reference())).hasSize(100_000);
        assertThat(read(store, second.reference())).hasSize(100_000);
        PayloadStore.Pending third = written(store, PayloadStoreContract.randomBytes(100_000, 5));
        assertThat(third.isInline()).as("the budget is free again").isTrue();
        third.discard();
        assertThat(inline.heldBytes()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"embedded", "postgresql"})
    void aDeletedInlinePayloadIsConfirmedGoneAndDeletingAgainIsNoError(String database) throws Exception {
        PayloadStore store = store(database, 256 << 10, 32 << 20);
        PayloadStore.Pending pending = written(store, PayloadStoreContract.randomBytes(1000, 6));
        publish(pending, true);

        store.delete(pending.reference());

        assertThat(rows()).isZero();
        assertThatThrownBy(() -> store.open(pending.reference())).isInstanceOf(NoSuchFileException.class);
        store.delete(pending.reference());
    }

    @Test
    void aPayloadPublishedTwiceUnderOneReferenceIsRefusedByTheDatabase() throws Exception {
        PayloadStore store = store("embedded", 256 << 10, 32 << 20);
        PayloadStore.Pending pending = written(store, PayloadStoreContract.randomBytes(1000, 7));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            pending.writeInline(connection);
            assertThatThrownBy(() -> pending.writeInline(connection)).isInstanceOf(SQLException.class);
            connection.rollback();
        }
        pending.discard();
    }

    @Test
    void aCallerWithoutATransactionGetsAnObjectAsBefore() throws Exception {
        PayloadStore store = store("embedded", 256 << 10, 32 << 20);
        PayloadStore.Pending pending = store.create();
        pending.output().write(PayloadStoreContract.randomBytes(1000, 8));
        pending.finishWriting();
        assertThat(pending.isInline()).isTrue();

        pending.commit();

        assertThat(objects.exists(pending.reference())).isTrue();
        assertThat(rows()).isZero();
        assertThat(read(store, pending.reference())).hasSize(1000);
    }

    @Test
    void aDiskAtItsReserveRefusesASmallPayloadToo() throws Exception {
        PayloadStore store = store("embedded", 256 << 10, 32 << 20, Long.MAX_VALUE);
        assertThatThrownBy(store::create).isInstanceOf(dk.sagsbro.problem.UploadRefusedException.class)
                .hasMessageContaining("disk free");
    }

    @Test
    void limitsOutsideTheirRangeAreRefused() {
        DataSource none = TestDatabases.freshMigrated();
        assertThatThrownBy(() -> new InlinePayloads(none, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InlinePayloads(none, InlinePayloads.MAX_INLINE_BYTES + 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new InlinePayloads(none, 1000, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withALimitOfZeroEveryPayloadGoesToTheObjectStore() throws Exception {
        PayloadStore store = store("embedded", 0, 32 << 20);
        PayloadStore.Pending pending = written(store, PayloadStoreContract.randomBytes(1000, 9));
        assertThat(pending.isInline()).isFalse();
        assertThat(objects.exists(pending.reference())).isTrue();
        pending.discard();
    }
}
