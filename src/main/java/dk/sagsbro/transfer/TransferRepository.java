package dk.sagsbro.transfer;

import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.jdbc.Queries;
import dk.sagsbro.jdbc.Transactions;
import dk.sagsbro.metadata.TransferKind;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Transfers and their timelines in a relational database (H2 in the embedded default, PostgreSQL in production),
 * through plain JDBC so that the SQL is visible and the same on both. Plain data access: reads, and the pieces of
 * work that run inside a transaction; the transactions that change a transfer are {@link TransferChanges}'.
 */
public final class TransferRepository {
    private static final String COLUMNS = "id, kind, status, sender_code, receiver_code, submitted_by, supplement_to, "
            + "move_date, urgent, address_protected, submitted_late, child_count, record_count, packet_digest, "
            + "packet_size, payload_ref, policy_version, signed_at, received_at, redirected_from, status_since";

    private final DataSource dataSource;
    private final FirstDeadlineCheck firstDeadlineCheck;

    /** When the deadline watch must first look at a transfer just stored. */
    @FunctionalInterface
    public interface FirstDeadlineCheck {
        Instant of(Transfer transfer);
    }

    /** A repository whose new transfers the deadline watch looks at in its next sweep. */
    public TransferRepository(DataSource dataSource) {
        this(dataSource, Transfer::receivedAt);
    }

    public TransferRepository(DataSource dataSource, FirstDeadlineCheck firstDeadlineCheck) {
        this.dataSource = dataSource;
        this.firstDeadlineCheck = firstDeadlineCheck;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** A page of transfers, newest first, and how many there are in all. */
    public record Page(List<Transfer> items, long total) {
    }

    /** Thrown when a row that must be unique (a transfer, an acknowledgement of one kind) is already stored. */
    public static final class DuplicateTransferException extends RuntimeException {
        public DuplicateTransferException(UUID id) {
            super("a unique record of transfer " + id + " already exists");
        }
    }

    /** The insert of a new transfer with its receipt and first events, to run inside another transaction. */
    public InTransaction inserting(Transfer transfer, byte[] receipt, List<TransferEvent> events) {
        // A transfer already stored under the id fails the insert on the primary key; the transaction's runner turns
        // that unique violation into DuplicateTransferException (a look-up first cost every intake a round trip).
        return connection -> {
            HeldWrites.write(connection, "insert into transfer (" + COLUMNS + ", receipt, deadline_check_at) values "
                    + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
                        bind(insert, transfer);
                        insert.setBytes(22, receipt);
                        insert.setObject(23, utc(firstDeadlineCheck.of(transfer)));
                    });
            for (TransferEvent event : events) {
                insertEvent(connection, transfer.id(), event, null);
            }
        };
    }

    public Optional<Transfer> find(UUID id) {
        return query("select " + COLUMNS + " from transfer where id = ?", statement -> statement.setObject(1, id))
                .stream().findFirst();
    }

    /** The transfer a redirect of {@code original} continues in, if it was redirected. */
    public Optional<Transfer> redirectOf(UUID original) {
        return query("select " + COLUMNS + " from transfer where redirected_from = ?",
                statement -> statement.setObject(1, original)).stream().findFirst();
    }

    /**
     * Stores a receipt signed already, inside another transaction, unless the transfer has one: one conditional
     * update, as nothing is left to spare by looking first.
     */
    public static InTransaction storingDeliveryReceipt(UUID id, byte[] signed) {
        return connection -> HeldWrites.write(connection,
                "update transfer set delivery_receipt = ? where id = ? and delivery_receipt is null", update -> {
                    update.setBytes(1, signed);
                    update.setObject(2, id);
                });
    }

    /**
     * Stores the delivery receipt {@code sign} makes, inside another transaction, unless the transfer has one: only
     * the first delivery is receipted, and nothing is signed for a later one.
     */
    public static InTransaction storingDeliveryReceipt(UUID id, java.util.function.Supplier<byte[]> sign) {
        return connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "select delivery_receipt is null from transfer where id = ? for update")) {
                select.setObject(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next() || !rows.getBoolean(1)) {
                        return;
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "update transfer set delivery_receipt = ? where id = ? and delivery_receipt is null")) {
                update.setBytes(1, sign.get());
                update.setObject(2, id);
                update.executeUpdate();
            }
        };
    }

    public Optional<byte[]> deliveryReceipt(UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select delivery_receipt from transfer where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read delivery receipt", e);
        }
    }

    /** The supplements that add to a transfer, oldest first. */
    public List<UUID> supplementsOf(UUID id) {
        return query("select " + COLUMNS + " from transfer where supplement_to = ? order by received_at, id",
                statement -> statement.setObject(1, id)).stream().map(Transfer::id).toList();
    }

    public Optional<byte[]> receipt(UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select receipt from transfer where id = ?")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read receipt", e);
        }
    }

    public List<TransferEvent> timeline(UUID id) {
        List<TransferEvent> events = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select occurred_at, type, actor, detail "
                        + "from transfer_event where transfer_id = ? order by occurred_at, id")) {
            select.setObject(1, id);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    events.add(new TransferEvent(rows.getObject(1, OffsetDateTime.class).toInstant(),
                            TransferEventType.valueOf(rows.getString(2)), rows.getString(3), rows.getString(4)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read timeline", e);
        }
        return events;
    }

    /**
     * The transfers a municipality takes part in with the given role, in any of {@code statuses} (all when empty),
     * newest first or, for an inbox, oldest first.
     */
    public Page list(String municipality, TransferRole role, Set<TransferStatus> statuses, boolean oldestFirst,
            long offset, int limit) {
        List<TransferStatus> wanted = List.copyOf(statuses);
        String where = (role == TransferRole.SENDER ? " where sender_code = ?" : " where receiver_code = ?")
                + (wanted.isEmpty() ? "" : " and status in (" + "?, ".repeat(wanted.size() - 1) + "?)");
        Queries.Binder binder = statement -> {
            statement.setString(1, municipality);
            for (int i = 0; i < wanted.size(); i++) {
                statement.setString(2 + i, wanted.get(i).name());
            }
        };
        String order = oldestFirst ? " order by received_at, id" : " order by received_at desc, id";
        List<Transfer> items = query("select " + COLUMNS + " from transfer" + where + order + " limit " + limit
                + " offset " + offset, binder);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("select count(*) from transfer" + where)) {
            binder.bind(count);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return new Page(items, rows.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count transfers", e);
        }
    }

    /** Data access run inside a transaction that {@link TransferChanges} opens. */
    @FunctionalInterface
    public interface InTransaction {
        void run(Connection connection) throws SQLException;
    }

    /**
     * A transfer as the deadline watch sees it: what decides its deadlines. One read because its check time came may
     * have ended since.
     */
    public record WatchedTransfer(UUID id, TransferKind kind, TransferStatus status, String sender, String receiver,
            boolean urgent, Instant receivedAt) {
    }

    private static final String WATCHED_COLUMNS = "select id, kind, status, sender_code, receiver_code, urgent, "
            + "received_at from transfer ";

    /** Every open transfer ({@link TransferLifecycle.Standing#OPEN}). */
    public List<WatchedTransfer> open() {
        return Queries.list(dataSource, WATCHED_COLUMNS + "where "
                + TransferLifecycle.sqlStanding("", TransferLifecycle.Standing.OPEN), statement -> {
                }, TransferRepository::readWatched, "open transfers");
    }

    /**
     * The transfers whose deadline check has fallen due at {@code now}, earliest first, at most {@code limit}: an
     * index range, so a sweep reads what is due, not every open transfer.
     */
    public List<WatchedTransfer> deadlineChecksDue(Instant now, int limit) {
        return Queries.list(dataSource, WATCHED_COLUMNS + "where deadline_check_at <= ? "
                + "order by deadline_check_at limit ?", statement -> {
                    statement.setObject(1, utc(now));
                    statement.setInt(2, limit);
                }, TransferRepository::readWatched, "transfers due a deadline check");
    }

    /** Sets when the deadline watch next looks at each transfer; null where nothing can fall due any more. */
    public void scheduleDeadlineChecks(Map<UUID, Instant> nextChecks) {
        try {
            Transactions.inTransaction(dataSource, connection -> {
                Queries.batch(connection, "update transfer set deadline_check_at = ? where id = ?",
                        List.copyOf(nextChecks.entrySet()), (update, next) -> {
                            update.setObject(1, next.getValue() == null ? null : utc(next.getValue()));
                            update.setObject(2, next.getKey());
                        });
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot schedule deadline checks", e);
        }
    }

    private static WatchedTransfer readWatched(ResultSet rows) throws SQLException {
        return new WatchedTransfer(rows.getObject("id", UUID.class), TransferKind.valueOf(rows.getString("kind")),
                TransferStatus.valueOf(rows.getString("status")), rows.getString("sender_code"),
                rows.getString("receiver_code"), rows.getBoolean("urgent"),
                rows.getObject("received_at", OffsetDateTime.class).toInstant());
    }

    private List<Transfer> query(String sql, Queries.Binder binder) {
        return Queries.list(dataSource, sql, binder, TransferRepository::read, "transfers");
    }

    /**
     * Records an event inside a transaction another component runs (retention's deletion, say), with its audit
     * entry, exactly as this repository records its own.
     */
    public static void recordEvent(Connection connection, UUID transferId, TransferEvent event) throws SQLException {
        insertEvent(connection, transferId, event, null);
    }

    static void insertEvent(Connection connection, UUID transferId, TransferEvent event, String onceKey)
            throws SQLException {
        AuditTrail.Record audited = new AuditTrail.Record(event.occurredAt(), event.actor(), event.certificate(),
                event.type().name(), transferId, event.detail());
        // The timeline's row is the record's companion: written in the record's own statement where the database can.
        AuditTrail.record(connection, audited, new AuditTrail.Companion("transfer_event",
                List.of("transfer_id", "occurred_at", "type", "actor", "detail", "once_key"), "audit_record",
                (insert, at) -> {
                    insert.setObject(at, transferId);
                    insert.setObject(at + 1, utc(audited.occurredAt()));
                    insert.setString(at + 2, event.type().name());
                    insert.setString(at + 3, event.actor());
                    insert.setString(at + 4, event.detail());
                    insert.setString(at + 5, onceKey);
                }));
    }

    private static void bind(PreparedStatement statement, Transfer t) throws SQLException {
        statement.setObject(1, t.id());
        statement.setString(2, t.kind().name());
        statement.setString(3, t.status().name());
        statement.setString(4, t.sender());
        statement.setString(5, t.receiver());
        statement.setString(6, t.submittedBy());
        if (t.supplementTo() == null) {
            statement.setNull(7, Types.OTHER);
        } else {
            statement.setObject(7, t.supplementTo());
        }
        statement.setDate(8, Date.valueOf(t.moveDate()));
        statement.setBoolean(9, t.urgent());
        statement.setBoolean(10, t.addressProtected());
        statement.setBoolean(11, t.submittedLate());
        statement.setInt(12, t.childCount());
        statement.setInt(13, t.recordCount());
        statement.setString(14, t.packetDigest());
        statement.setLong(15, t.packetSize());
        statement.setString(16, t.payloadReference());
        statement.setString(17, t.policyVersion());
        statement.setObject(18, t.signedAt() == null ? null : utc(t.signedAt()));
        statement.setObject(19, utc(t.receivedAt()));
        if (t.redirectedFrom() == null) {
            statement.setNull(20, Types.OTHER);
        } else {
            statement.setObject(20, t.redirectedFrom());
        }
        statement.setObject(21, utc(t.statusSince()));
    }

    /** The columns {@link #read} needs, each prefixed with {@code alias}, for a select that joins the transfer. */
    public static String columns(String alias) {
        return java.util.Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** The transfer in the current row of a select of {@link #columns}. */
    public static Transfer read(ResultSet rows) throws SQLException {
        OffsetDateTime signedAt = rows.getObject("signed_at", OffsetDateTime.class);
        return new Transfer(rows.getObject("id", UUID.class), TransferKind.valueOf(rows.getString("kind")),
                TransferStatus.valueOf(rows.getString("status")), rows.getString("sender_code"),
                rows.getString("receiver_code"), rows.getString("submitted_by"),
                rows.getObject("supplement_to", UUID.class), rows.getDate("move_date").toLocalDate(),
                rows.getBoolean("urgent"), rows.getBoolean("address_protected"), rows.getBoolean("submitted_late"),
                rows.getInt("child_count"), rows.getInt("record_count"), rows.getString("packet_digest"),
                rows.getLong("packet_size"), rows.getString("payload_ref"), rows.getString("policy_version"),
                signedAt == null ? null : signedAt.toInstant(), rows.getObject("received_at", OffsetDateTime.class).toInstant(),
                rows.getObject("redirected_from", UUID.class),
                rows.getObject("status_since", OffsetDateTime.class).toInstant());
    }

    static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static boolean isUniqueViolation(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

}
