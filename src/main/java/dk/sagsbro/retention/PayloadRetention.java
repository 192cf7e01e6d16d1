package dk.sagsbro.retention;

import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.transfer.LifecycleEvent;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.storage.ObjectStore;
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
import java.util.Map;
import java.util.UUID;

/**
 * Deletes a packet's encrypted content once every transfer that carries it has ended (taken over, cancelled, or
 * redirected to a transfer that has) and the last of them ended more than the grace period ago; or once a transfer
 * that never finished (delivered, acknowledged or rejected, and left there) has stood still for the stuck period,
 * after both parties were warned by webhook at least the warning period before. The gateway is a transit system,
 * not the archive: the case systems keep the record. The file goes first, then the record: a crash in between
 * leaves a record that the next sweep completes (deleting a file that is gone is no error). Several instances may
 * sweep at once; each transfer's PAYLOAD_DELETED event and each warning are recorded once.
 */
public final class PayloadRetention {
    private static final String ACTOR = "gateway";
    private static final int BATCH = 100;

    private final DataSource dataSource;
    private final PayloadStore payloads;
    private final Duration grace;
    private final Duration stuckAfter;
    private final Duration warning;
    private final Escalations escalations;
    private final TransferRepository transfers;
    private final TransferChanges changes;
    private final Clock clock;

    /**
     * @param grace      after a transfer ended
     * @param stuckAfter after a transfer that never finished last changed state
     * @param warning    how long before such a deletion both parties are warned
     */
    public PayloadRetention(DataSource dataSource, PayloadStore payloads, Duration grace, Duration stuckAfter,
            Duration warning, Escalations escalations, Clock clock) {
        this(dataSource, payloads, grace, stuckAfter, warning, PayloadStore.DEFAULT_ORPHAN_GRACE, escalations, clock);
    }

    /** @param orphanGrace how long an object nothing refers to is left before it is removed */
    public PayloadRetention(DataSource dataSource, PayloadStore payloads, Duration grace, Duration stuckAfter,
            Duration warning, Duration orphanGrace, Escalations escalations, Clock clock) {
        this.orphanGrace = orphanGrace;
        if (!warning.minus(stuckAfter).isNegative()) {
            throw new IllegalArgumentException("the warning must come after the transfer got stuck");
        }
        this.dataSource = dataSource;
        this.payloads = payloads;
        this.grace = grace;
        this.stuckAfter = stuckAfter;
        this.warning = warning;
        this.escalations = escalations;
        this.transfers = new TransferRepository(dataSource);
        this.changes = new TransferChanges(transfers);
        this.clock = clock;
    }

    /**
     * How long a payload object must have been left untouched before it counts as an orphan: far longer than an
     * intake takes between writing and committing (an upload in progress keeps its object fresh, and an intake
     * publishes only within half of it: {@link PayloadStore.Pending#checkPublishable()}).
     */
    private final Duration orphanGrace;

    /** @return how many packets this sweep deleted */
    public int sweep() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        sweepOrphans(now.minus(orphanGrace));
        warnStuck(now);
        int deleted = 0;
        for (String reference : due(now)) {
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
            for (ObjectStore.StoredObject object : payloads.stale(untouchedSince)) {
                if (!object.complete()) {
                    payloads.deleteUnfinished(object);
                    removed++;
                } else if (!referenced(object.name())) {
                    payloads.delete(object.name());
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

    /** The warning's once-key: one per state a transfer stands still in. */
    private static final String WARNING_KEY = "'retention-warning:' || t.status";

    /**
     * Records, once per state, a warning on every transfer whose content will be deleted for standing still, and
     * notifies both parties' escalation webhooks in the same transaction.
     */
    private void warnStuck(Instant now) {
        List<UUID> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select t.id from transfer t where "
                        + "t.payload_deleted_at is null and " + TransferLifecycle.sqlAllowing("t",
                        LifecycleEvent.EXPIRE_CONTENT) + " and t.status_since < ? and not exists (select 1 from "
                        + "transfer_event e where e.transfer_id = t.id and e.once_key = " + WARNING_KEY + ") "
                        + "limit " + BATCH)) {
            select.setObject(1, utc(now.minus(stuckAfter).plus(warning)));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    due.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot find transfers standing still", e);
        }
        for (UUID id : due) {
            transfers.find(id).ifPresent(t -> {
                Instant deleteAt = now.plus(warning);
                changes.addEventOnce(id, "retention-warning:" + t.status(), new TransferEvent(now,
                        TransferEventType.CONTENT_DELETION_WARNING, ACTOR, "the transfer has been " + t.status()
                                + " since it last moved; its content will be deleted from " + deleteAt
                                + " unless it moves on"),
                        escalations.notify(Escalations.Subject.CONTENT_DELETION_DUE, id, t.sender(), t.receiver(),
                                Map.of("status", t.status().name(), "deleteFrom", deleteAt.toString()), now));
            });
        }
    }

    /**
     * Packets not yet deleted whose transfers have all either reached a final state
     * ({@link TransferLifecycle#isFinal}) more than the grace period ago, or stood still where content may expire
     * for the stuck period, warned at least the warning period ago. A REDIRECTED transfer lives on in the transfer it
     * became, which carries the same packet, so the packet waits for that one too.
     */
    private List<String> due(Instant now) {
        List<String> references = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select t.payload_ref from transfer t "
                        + "where t.payload_deleted_at is null group by t.payload_ref having "
                        + "sum(case when " + TransferLifecycle.sqlFinal("t") + " and t.status_since < ? then 0 "
                        + "when " + TransferLifecycle.sqlAllowing("t", LifecycleEvent.EXPIRE_CONTENT)
                        + " and t.status_since < ? and exists (select 1 from transfer_event e where "
                        + "e.transfer_id = t.id and e.once_key = " + WARNING_KEY + " and e.occurred_at < ?) then 0 "
                        + "else 1 end) = 0 limit " + BATCH)) {
            select.setObject(1, utc(now.minus(grace)));
            select.setObject(2, utc(now.minus(stuckAfter)));
            select.setObject(3, utc(now.minus(warning)));
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
        try {
            changes.inTransaction(connection -> {
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
                        mark.setObject(1, utc(now));
                        mark.setObject(2, transfer);
                        if (mark.executeUpdate() != 1) {
                            continue;
                        }
                    }
                    TransferRepository.recordEvent(connection, transfer, new TransferEvent(now,
                            TransferEventType.PAYLOAD_DELETED, ACTOR, "the packet's content was deleted by retention ("
                                    + grace.toDays() + " days after the transfer ended, or " + stuckAfter.toDays()
                                    + " days standing still after a warning); its metadata, receipt and "
                                    + "acknowledgements stay"));
                }
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record the deletion of payload " + reference, e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
