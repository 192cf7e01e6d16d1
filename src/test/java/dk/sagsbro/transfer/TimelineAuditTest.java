package dk.sagsbro.transfer;

import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.PostgresServer;
import dk.sagsbro.support.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every timeline event is written with its audit entry (on PostgreSQL in the entry's own statement) and refers to it;
 * an event to be recorded once is refused the second time with nothing written, neither the event nor its entry.
 */
class TimelineAuditTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Test
    void onTheEmbeddedDatabase() throws SQLException {
        eventsReferToTheirEntriesAndAOnceEventIsRecordedOnce(TestDatabases.freshMigrated());
    }

    @Test
    void onPostgresql() throws SQLException {
        eventsReferToTheirEntriesAndAOnceEventIsRecordedOnce(POSTGRES.freshDatabase());
    }

    private static void eventsReferToTheirEntriesAndAOnceEventIsRecordedOnce(DataSource dataSource)
            throws SQLException {
        TransferRepository transfers = new TransferRepository(dataSource);
        TransferChanges changes = new TransferChanges(transfers);
        AuditTrail audit = new AuditTrail(dataSource);
        UUID id = UUID.randomUUID();
        Instant now = Instant.parse("2026-11-02T09:00:00.123456Z");
        changes.insert(new Transfer(id, TransferKind.HANDOVER, TransferStatus.RECEIVED, "101", "165", "101", null,
                LocalDate.of(2026, 11, 1), false, false, false, 1, 1, "ab".repeat(32), 1,
                UUID.randomUUID().toString(), "test", null, now, null, now), new byte[] {1},
                List.of(new TransferEvent(now, TransferEventType.RECEIVED, "101", "first")));
        TransferEvent reminder = new TransferEvent(now.plusSeconds(60), TransferEventType.DEADLINE_REMINDER, "gateway",
                "the acknowledgement is due", null);

        assertThat(changes.addEventOnce(id, "reminder-1", reminder, connection -> { })).isTrue();
        audit.seal();
        long entries = audit.head().seq();
        assertThat(changes.addEventOnce(id, "reminder-1", reminder, connection -> { })).isFalse();

        assertThat(audit.seal()).as("no record for the refused repeat").isZero();
        assertThat(audit.head().seq()).as("no entry for the refused repeat").isEqualTo(entries);
        assertThat(transfers.timeline(id)).extracting(TransferEvent::type)
                .containsExactly(TransferEventType.RECEIVED, TransferEventType.DEADLINE_REMINDER);
        List<long[]> links = new ArrayList<>();
        try (var connection = dataSource.getConnection(); var statement = connection.createStatement();
                var rows = statement.executeQuery("select e.audit_record, a.record_id from transfer_event e "
                        + "left join audit_entry a on a.record_id = e.audit_record and a.transfer_id = e.transfer_id "
                        + "and a.action = e.type order by e.audit_record")) {
            while (rows.next()) {
                links.add(new long[] {rows.getLong(1), rows.getObject(2) == null ? -1 : rows.getLong(2)});
            }
        }
        assertThat(links).hasSize(2).allSatisfy(link -> assertThat(link[1]).isEqualTo(link[0]));
        List<AuditTrail.Entry> chain = audit.forTransfer(id);
        assertThat(chain).extracting(e -> e.record().action()).containsExactly("RECEIVED", "DEADLINE_REMINDER");
        for (AuditTrail.Entry entry : chain) {
            assertThat(AuditTrail.hash(entry.seq(), entry.record(), entry.previousHash())).isEqualTo(entry.hash());
        }
        assertThat(chain.get(1).previousHash()).isEqualTo(chain.get(0).hash());
    }
}
