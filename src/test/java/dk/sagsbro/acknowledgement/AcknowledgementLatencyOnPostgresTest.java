package dk.sagsbro.acknowledgement;

import dk.sagsbro.support.PostgresServer;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The same on PostgreSQL, where a change takes the transfer's row before it decides, and one race the H2 tests cannot
 * show: an acknowledgement that arrives while the push it answers is still committing waits for that push, then finds
 * the transfer delivered, and counts from the push's delivery without reading the timeline.
 */
class AcknowledgementLatencyOnPostgresTest extends AcknowledgementLatencyTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }

    @Test
    void anAcknowledgementWaitsForThePushCommittingMeanwhileAndCountsFromItsDelivery() throws Exception {
        Transfer transfer = received();
        Transfer asRead = transfers.find(transfer.id()).orElseThrow();
        clock.advance(Duration.ofSeconds(8));
        CompletableFuture<AcknowledgementRecorder.Recorded> acknowledgement;
        try (Connection push = dataSource.getConnection()) {
            // a push's settlement, not yet committed: the transfer delivered five seconds after it was received
            push.setAutoCommit(false);
            try (PreparedStatement deliver = push.prepareStatement("update transfer set status = 'DELIVERED', "
                    + "status_since = ? where id = ?")) {
                deliver.setObject(1, OffsetDateTime.ofInstant(RECEIVED_AT.plusSeconds(5), ZoneOffset.UTC));
                deliver.setObject(2, transfer.id());
                assertThat(deliver.executeUpdate()).isEqualTo(1);
            }
            acknowledgement = CompletableFuture.supplyAsync(() -> acknowledge(asRead));
            await().atMost(Duration.ofSeconds(30)).until(() -> waitingForALock(push));
            assertThat(acknowledgement).isNotDone();
            push.commit();
        }

        AcknowledgementRecorder.Recorded recorded = acknowledgement.get();

        assertThat(recorded.status()).isEqualTo(TransferStatus.ACKNOWLEDGED);
        assertThat(acknowledged).containsExactly(Duration.ofSeconds(3));
        assertThat(delivered).isEmpty();
        // the push's delivery stands alone: the acknowledgement recorded no delivery of its own, and signed no receipt
        assertThat(transfers.timeline(transfer.id())).extracting(e -> e.type())
                .doesNotContain(TransferEventType.DELIVERED);
        assertThat(transfers.deliveryReceipt(transfer.id())).isEmpty();
    }

    /** Whether another session waits for a lock the {@code holder}'s transaction has. */
    private static boolean waitingForALock(Connection holder) throws Exception {
        try (PreparedStatement waiting = holder.prepareStatement("select count(*) from pg_locks where not granted");
                ResultSet row = waiting.executeQuery()) {
            row.next();
            return row.getInt(1) > 0;
        }
    }
}
