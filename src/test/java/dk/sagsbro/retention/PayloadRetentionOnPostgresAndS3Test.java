package dk.sagsbro.retention;

import dk.sagsbro.storage.PayloadKeys;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.storage.S3ObjectStore;
import dk.sagsbro.support.PostgresServer;
import dk.sagsbro.support.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.io.IOException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Payload retention as several instances run it: PostgreSQL, and packet bytes in an S3 bucket (s3proxy), where an
 * upload cut off mid-way is an unfinished multipart upload rather than a file.
 */
class PayloadRetentionOnPostgresAndS3Test extends PayloadRetentionTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }

    @Override
    PayloadStore newPayloadStore() {
        return new PayloadStore(S3.freshStore(), PayloadKeys.ofRawKey(new byte[32]));
    }

    /** The object store keeps its own times, so the sweep is asked about everything older than a minute ahead. */
    @Test
    @Override
    void theOrphanSweepRemovesUnfinishedAndUnreferencedFilesLeftUntouchedAndKeepsEveryPacketATransferCarries()
            throws IOException {
        Leftovers left = leaveBehind(S3ObjectStore.MIN_PART_BYTES + 1); // one part sent, the upload never completed
        String carried = left.carried();
        String unreferenced = left.unreferenced();

        assertThat(retention.sweepOrphans(Instant.now().minusSeconds(3600))).as("nothing old enough").isZero();
        int removed = retention.sweepOrphans(Instant.now().plusSeconds(60));

        assertThat(removed).isEqualTo(2);
        payloads.open(carried).close();
        assertThatThrownBy(() -> payloads.open(unreferenced)).isInstanceOf(java.nio.file.NoSuchFileException.class);
        assertThat(payloads.stale(Instant.now().plusSeconds(60))).extracting(o -> o.name())
                .containsExactly(carried);
    }
}
