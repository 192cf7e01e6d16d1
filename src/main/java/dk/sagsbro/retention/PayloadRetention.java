package dk.sagsbro.retention;

import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.transfer.TransferEventType;

import javax.sql.DataSource;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Deletes a packet's encrypted content once every transfer that carries it has ended (taken over, cancelled, or
 * redirected to a transfer that has) and the last of them ended more than the grace period ago. The file goes
 * first, then the record: a crash in between leaves a record that the next sweep completes (deleting a file that is
 * gone is no error). Several instances may sweep at once; each transfer's PAYLOAD_DELETED event is recorded once.
 */
public final class PayloadRetention {
    private static final String ACTOR = "gateway";
    private static final int BATCH = 100;

    private final DataSource dataSource;
    private final PayloadStore payloads;
    private final Duration grace;
    private final Clock clock;

    public PayloadRetention(DataSource dataSource, PayloadStore payloads, Duration grace, Clock clock) {
        this.dataSource = dataSource;
        this.payloads = payloads;
        this.grace = grace;
        this.clock = clock;
    }

    /**
     * How long a payload file must have been left untouched before it counts as an orphan: far longer than an
     * intake takes between writing, publishing and committing, since an upload in progress keeps its file fresh.
     */
    static final Duration ORPHAN_GRACE = Duration.ofHours(1);

    /** @return how many packets this sweep deleted */
    public int sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        sweepOrphans(now.minus(ORPHAN_GRACE));
        int deleted = 0;
        for (String reference : due(now.minus(grace))) {
            try {
                payloads.delete(reference);
            } catch (IOException e) {
                throw new IllegalStateException("cannot delete payload " + reference, e);
            }
            recordDeleted(reference, now);
            deleted++;
        }
        return deleted;
    }

    /**
     * Removes what an intake left behind: unfinished files of uploads that were cut off or crashed, and published
     * files no transfer refers to (an intake whose commit failed, or whose outcome it could not learn and so left
     * the file rather than risk deleting an accepted packet).
     *
     * @return how many files were removed
     */
    public int sweepOrphans(Instant untouchedSince) {
        int removed = 0;
        try {
            for (PayloadStore.StoredFile file : payloads.stale(untouchedSince)) {
                if (!file.published()) {
                    payloads.deleteUnfinished(file.reference());
                    removed++;
                } else if (!referenced(file.reference())) {
                    payloads.delete(file.reference());
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot sweep orphan payloads", e);
        }
        return removed;
    }

    private boolean referenced(String reference) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select 1 from transfer where payload_ref = ?")) {
            select.setString(1, reference);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up payload " + reference, e);
        }
    }

    /** Whether the transfer's packet content has been deleted. */
    public boolean deleted(UUID transferId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select payload_deleted_at from transfer where id = ?")) {
            select.setObject(1, transferId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getObject(1) != null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read transfer " + transferId, e);
        }
    }

    /**
     * Packets not yet deleted whose transfers have all reached a final state ({@link TransferLifecycle#isFinal}), the
     * last before {@code endedBefore}. A REDIRECTED transfer lives on in the transfer it became, which carries the
     * same packet, so the packet waits for that one too.
     */
    private List<String> due(Instant endedBefore) {
        List<String> references = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select t.payload_ref from transfer t "
                        + "where t.payload_deleted_at is null group by t.payload_ref having "
                        + "sum(case when " + TransferLifecycle.sqlFinal("t") + " then 0 else 1 end) = 0 "
                        + "and max(t.status_since) < ? limit " + BATCH)) {
            select.setObject(1, OffsetDateTime.ofInstant(endedBefore, ZoneOffset.UTC));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    references.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find packets due for deletion", e);
        }
        return references;
    }

    private void recordDeleted(String reference, Instant now) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<UUID> transfers = new ArrayList<>();
                try (PreparedStatement select = connection.prepareStatement("select id from transfer "
                        + "where payload_ref = ? and payload_deleted_at is null")) {
                    select.setString(1, reference);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            transfers.add(rows.getObject(1, UUID.class));
                        }
                    }
                }
                for (UUID transfer : transfers) {
                    // Conditional, so that of several instances sweeping at once only one records each transfer.
                    try (PreparedStatement mark = connection.prepareStatement("update transfer set "
                            + "payload_deleted_at = ? where id = ? and payload_deleted_at is null")) {
                        mark.setObject(1, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
                        mark.setObject(2, transfer);
                        if (mark.executeUpdate() != 1) {
                            continue;
                        }
                    }
                    TransferRepository.recordEvent(connection, transfer, new TransferEvent(now,
                            TransferEventType.PAYLOAD_DELETED, ACTOR, "the packet's content was deleted, "
                                    + grace.toDays() + " days after the transfer ended; its metadata, receipt and "
                                    + "acknowledgements stay"));
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the deletion of payload " + reference, e);
        }
    }
}
