package dk.sagsbro.transfer;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.PostgresServer;
import dk.sagsbro.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A second transfer stored under an id already taken (two submissions of one packet racing past the look-up for an
 * earlier one) is refused by the primary key, as {@link TransferRepository.DuplicateTransferException}, and changes
 * nothing: not the first transfer, not its timeline, not the audit trail.
 */
class DuplicateTransferTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Test
    void onTheEmbeddedDatabase() {
        secondInsertUnderTheSameIdIsADuplicateAndChangesNothing(TestDatabases.freshMigrated());
    }

    @Test
    void onPostgresql() {
        secondInsertUnderTheSameIdIsADuplicateAndChangesNothing(POSTGRES.freshDatabase());
    }

    @Test
    void anEventRecordedOnceOnTheEmbeddedDatabase() {
        anEventWithAOnceKeyIsRecordedOnceAndItsRepeatChangesNothing(TestDatabases.freshMigrated());
    }

    @Test
    void anEventRecordedOnceOnPostgresql() {
        anEventWithAOnceKeyIsRecordedOnceAndItsRepeatChangesNothing(POSTGRES.freshDatabase());
    }

    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");

    /** A transfer from 101 with the timeline entry "first". */
    private static UUID storedFirst(TransferChanges changes) {
        UUID id = UUID.randomUUID();
        changes.insert(transfer(id, "101", NOW), new byte[] {1},
                List.of(new TransferEvent(NOW, TransferEventType.RECEIVED, "101", "first")));
        return id;
    }

    /** The repeat's unique violation may come as late as the commit (PostgreSQL holds the writes): still a no. */
    private static void anEventWithAOnceKeyIsRecordedOnceAndItsRepeatChangesNothing(DataSource dataSource) {
        TransferRepository transfers = new TransferRepository(dataSource);
        TransferChanges changes = new TransferChanges(transfers);
        UUID id = storedFirst(changes);
        TransferEvent warned = new TransferEvent(NOW.plusSeconds(60), TransferEventType.DEADLINE_REMINDER, "gateway",
                "once");

        assertThat(changes.addEventOnce(id, "warning", warned, connection -> { })).isTrue();
        long auditEntries = auditEntries(dataSource);
        assertThat(changes.addEventOnce(id, "warning", warned, connection -> { })).isFalse();

        assertThat(transfers.timeline(id)).extracting(TransferEvent::detail).containsExactly("first", "once");
        assertThat(auditEntries(dataSource)).isEqualTo(auditEntries);
    }

    private static void secondInsertUnderTheSameIdIsADuplicateAndChangesNothing(DataSource dataSource) {
        TransferRepository transfers = new TransferRepository(dataSource);
        TransferChanges changes = new TransferChanges(transfers);
        UUID id = storedFirst(changes);
        long auditEntries = auditEntries(dataSource);

        assertThatThrownBy(() -> changes.insert(transfer(id, "147", NOW.plusSeconds(1)), new byte[] {2},
                List.of(new TransferEvent(NOW.plusSeconds(1), TransferEventType.RECEIVED, "147", "second"))))
                .isInstanceOf(TransferRepository.DuplicateTransferException.class);

        assertThat(transfers.find(id)).get().extracting(Transfer::sender).isEqualTo("101");
        assertThat(transfers.timeline(id)).extracting(TransferEvent::detail).containsExactly("first");
        assertThat(auditEntries(dataSource)).isEqualTo(auditEntries);
    }

    private static Transfer transfer(UUID id, String sender, Instant at) {
        return new Transfer(id, TransferKind.HANDOVER, TransferStatus.RECEIVED, sender, "165", sender, null,
                LocalDate.of(2026, 11, 1), false, false, false, 1, 1, "ab".repeat(32), 1,
                UUID.randomUUID().toString(), "test", null, at, null, at);
    }

    /** Records sealed into the chain or waiting to be. */
    private static long auditEntries(DataSource dataSource) {
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rows = statement.executeQuery(
                        "select (select count(*) from audit_entry) + (select count(*) from audit_pending)")) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
