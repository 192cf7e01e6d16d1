package dk.sagsbro.transfer;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A transfer's updates along its lifecycle (delivered with its receipt, acknowledged) stay in the page of its row on
 * PostgreSQL, even when inserts filled the pages, so that they add no entries to the table's indexes.
 */
class TransferRowUpdatesOnPostgresTest {
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    final SecureRandom random = new SecureRandom();

    @Test
    void deliveredAndAcknowledgedTransfersStayInTheirPages() throws SQLException {
        DataSource dataSource = POSTGRES.freshDatabase();
        TransferChanges changes = new TransferChanges(new TransferRepository(dataSource));
        List<Transfer> transfers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                    "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 20, "ab".repeat(32),
                    51_200, UUID.randomUUID().toString(), "test", null, NOW, null, NOW);
            // a signed receipt's size, and as incompressible as a signature with its certificates
            changes.insert(transfer, randomBytes(1_400), List.of(new TransferEvent(NOW, TransferEventType.RECEIVED,
                    "101", "verified")));
            transfers.add(transfer);
        }
        Map<UUID, Integer> pageBefore = pages(dataSource);

        for (Transfer transfer : transfers) {
            assertThat(changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(),
                    LifecycleEvent.DELIVER, List.of(new TransferEvent(NOW, TransferEventType.DELIVERED, "165",
                            "pushed"))).withDeliveryReceipt(randomBytes(1_400)), connection -> { })).isTrue();
            assertThat(changes.transition(transfer.id(), new TransferChanges.Move(transfer.kind(),
                    LifecycleEvent.ACKNOWLEDGE_RECEIPT, List.of(new TransferEvent(NOW,
                            TransferEventType.ACKNOWLEDGED, "165", null))), connection -> { })).isTrue();
        }

        Map<UUID, Integer> pageAfter = pages(dataSource);
        List<UUID> moved = transfers.stream().map(Transfer::id)
                .filter(id -> !pageAfter.get(id).equals(pageBefore.get(id))).toList();
        assertThat(pageBefore).hasSize(transfers.size());
        assertThat(moved).as("transfers whose row moved to another page").isEmpty();
    }

    private byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The page each transfer's current row version is in. */
    private static Map<UUID, Integer> pages(DataSource dataSource) throws SQLException {
        Map<UUID, Integer> pages = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "select id, (ctid::text::point)[0]::int from transfer order by id");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                pages.put(rows.getObject(1, UUID.class), rows.getInt(2));
            }
        }
        return pages;
    }
}
