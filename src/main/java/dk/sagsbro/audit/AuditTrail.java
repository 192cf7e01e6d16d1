package dk.sagsbro.audit;

import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.jdbc.Queries;
import dk.sagsbro.jdbc.Transactions;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The hash-chained audit trail: every timeline event and every read of personal data, with who acted (municipality,
 * certificate serial, operator). A record is written inside the transaction of the action it records, so neither
 * exists without the other; a read is recorded before any byte leaves. Records are then sealed into the chain in
 * batches ({@link #seal}): a sealer takes the chain's head row, gives each committed record the next sequence number
 * and a hash covering the entry before, and commits the whole batch at once. Entries from several instances form one
 * gapless sequence, and the actions' own transactions never wait for each other's commits on the head
 * (docs/decisions/0011-audit-records-sealed-in-batches.md).
 */
public final class AuditTrail {
    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** How many records one sealing transaction takes at most. */
    static final int SEAL_BATCH = 500;

    private final DataSource dataSource;

    public AuditTrail(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What is being recorded, before it has a place in the chain. */
    public record Record(Instant occurredAt, String actor, String certificate, String action, UUID transferId,
            String detail) {
        public Record {
            occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /**
     * An entry as sealed: its place in the chain, the number its record was written under (negative for entries
     * from before sealing), and the hashes.
     */
    public record Entry(long seq, long recordId, Record record, String previousHash, String hash) {
    }

    /** The reads of personal data that are recorded, as their action names. */
    public enum Read {
        READ_PACKET, READ_EVIDENCE, READ_CONSOLE_DETAIL, DATA_SUBJECT_REQUEST, EXPORT_CONSOLE_LIST
    }

    /**
     * A row written with a record and referring to it by its number: the {@code columns} of {@code table} take the
     * parameters {@code values} binds from {@code firstIndex} on, {@code recordColumn} the record's number.
     */
    public record Companion(String table, List<String> columns, String recordColumn, Values values) {
        public Companion {
            columns = List.copyOf(columns);
        }

        /** Binds the companion's columns, in order, from {@code firstIndex}. */
        @FunctionalInterface
        public interface Values {
            void bind(PreparedStatement statement, int firstIndex) throws SQLException;
        }

        private String insert(String recordId) {
            return "insert into " + table + " (" + String.join(", ", columns) + ", " + recordColumn + ") values ("
                    + "?, ".repeat(columns.size()) + recordId + ")";
        }
    }

    private static final String RECORD_COLUMNS = "occurred_at, actor, certificate, action, transfer_id, detail";

    /** The record's insert, its number given as {@code %s}; its own parameters are 1 to 6. */
    private static final String PENDING_INSERT = "insert into audit_pending (record_id, " + RECORD_COLUMNS
            + ") values (%s, ?, ?, ?, ?, ?, ?)";

    /** On PostgreSQL: the record numbered from the sequence, as {@code record}, for the rest of the statement. */
    private static final String NUMBERED_RECORD = "with record as ("
            + PENDING_INSERT.formatted("nextval('audit_record_ids')") + " returning record_id) ";

    /** The companion's insert naming the record of {@link #NUMBERED_RECORD}. */
    private static String companionOfNumbered(Companion companion) {
        return companion.insert("(select record_id from record)");
    }

    /**
     * Records {@code record} inside the caller's transaction on {@code connection}.
     *
     * @return the record's number, which its entry keeps once sealed
     */
    public static long append(Connection connection, Record record) throws SQLException {
        return append(connection, record, null);
    }

    /**
     * Records {@code record} inside the caller's transaction on {@code connection}, and writes {@code companion} (if
     * not null) with it. Nothing here waits for another transaction: the record is numbered from a sequence and
     * chained later by {@link #seal}.
     *
     * @return the record's number, which its entry keeps once sealed
     */
    public static long append(Connection connection, Record record, Companion companion) throws SQLException {
        boolean postgresql = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        if (postgresql) {
            // One round trip: the record, its number and its companion in one statement.
            try (PreparedStatement statement = connection.prepareStatement(NUMBERED_RECORD
                    + (companion == null ? "" : ", companion as (" + companionOfNumbered(companion) + ") ")
                    + "select record_id from record")) {
                bindRecord(statement, 1, record);
                if (companion != null) {
                    companion.values().bind(statement, 7);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        }
        long recordId;
        try (PreparedStatement next = connection.prepareStatement("select nextval('audit_record_ids')");
                ResultSet rows = next.executeQuery()) {
            rows.next();
            recordId = rows.getLong(1);
        }
        try (PreparedStatement statement = connection.prepareStatement(PENDING_INSERT.formatted("?"))) {
            statement.setLong(1, recordId);
            bindRecord(statement, 2, record);
            statement.executeUpdate();
        }
        if (companion != null) {
            try (PreparedStatement statement = connection.prepareStatement(companion.insert("?"))) {
                companion.values().bind(statement, 1);
                statement.setLong(companion.columns().size() + 1, recordId);
                statement.executeUpdate();
            }
        }
        return recordId;
    }

    /**
     * Records {@code record} with {@code companion} (not null) inside the caller's transaction, as
     * {@link #append(Connection, Record, Companion)} does, for a caller that does not need the record's number: on
     * PostgreSQL as a held write ({@link HeldWrites}, which only PostgreSQL's connections hold), sent with the
     * transaction's other writes.
     */
    public static void record(Connection connection, Record record, Companion companion) throws SQLException {
        if (!HeldWrites.holds(connection)) {
            append(connection, record, companion);
            return;
        }
        HeldWrites.write(connection, NUMBERED_RECORD + companionOfNumbered(companion), statement -> {
            bindRecord(statement, 1, record);
            companion.values().bind(statement, 7);
        });
    }

    private static void bindRecord(PreparedStatement statement, int first, Record record) throws SQLException {
        statement.setObject(first, OffsetDateTime.ofInstant(record.occurredAt(), ZoneOffset.UTC));
        statement.setString(first + 1, record.actor());
        statement.setString(first + 2, record.certificate());
        statement.setString(first + 3, record.action());
        statement.setObject(first + 4, record.transferId());
        statement.setString(first + 5, record.detail());
    }

    /**
     * Records {@code record} in a transaction of its own (a read, recorded before its bytes are sent).
     *
     * @return the record's number
     */
    public long append(Record record) {
        try {
            return Transactions.inTransaction(dataSource, connection -> append(connection, record));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit trail", e);
        }
    }

    /**
     * Seals every record committed so far into the chain, in batches of at most {@value #SEAL_BATCH}, each batch
     * one transaction holding the head. Several sealers (threads, instances) may run at once: they take turns on the
     * head, and each record is sealed exactly once.
     *
     * @return how many records this call sealed
     */
    public int seal() {
        int total = 0;
        try {
            while (true) {
                int sealed = Transactions.inTransaction(dataSource, AuditTrail::sealBatch);
                total += sealed;
                if (sealed < SEAL_BATCH) {
                    return total;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seal the audit trail", e);
        }
    }

    private static int sealBatch(Connection connection) throws SQLException {
        try (PreparedStatement any = connection.prepareStatement("select 1 from audit_pending limit 1");
                ResultSet rows = any.executeQuery()) {
            if (!rows.next()) {
                return 0; // nothing to seal: the head is not taken
            }
        }
        long seq;
        String previousHash;
        // Taking the head is an update: it waits for another sealer's lock and then reads that sealer's committed
        // head (a select ... for update may hand a waiting transaction the version it first saw). The records are
        // read after it, so none that sealer moved is read again.
        try (PreparedStatement lock = connection.prepareStatement("update audit_head set seq = seq where id = 1")) {
            if (lock.executeUpdate() != 1) {
                throw new SQLException("the audit trail has no head row");
            }
        }
        try (PreparedStatement head = connection.prepareStatement(
                "select seq, entry_hash from audit_head where id = 1");
                ResultSet rows = head.executeQuery()) {
            rows.next();
            seq = rows.getLong(1);
            previousHash = rows.getString(2);
        }
        List<Entry> batch = new ArrayList<>();
        try (PreparedStatement pending = connection.prepareStatement("select record_id, " + RECORD_COLUMNS
                + " from audit_pending order by record_id limit " + SEAL_BATCH);
                ResultSet rows = pending.executeQuery()) {
            while (rows.next()) {
                Record record = readRecord(rows, 2);
                String hash = hash(++seq, record, previousHash);
                batch.add(new Entry(seq, rows.getLong(1), record, previousHash, hash));
                previousHash = hash;
            }
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Queries.batch(connection, "insert into audit_entry (seq, record_id, " + RECORD_COLUMNS
                + ", previous_hash, entry_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", batch, (insert, entry) -> {
                    insert.setLong(1, entry.seq());
                    insert.setLong(2, entry.recordId());
                    bindRecord(insert, 3, entry.record());
                    insert.setString(9, entry.previousHash());
                    insert.setString(10, entry.hash());
                });
        // One statement for the whole batch: a record another sealer moved meanwhile would make the count fall short.
        try (PreparedStatement delete = connection.prepareStatement(
                "delete from audit_pending where record_id = any(?)")) {
            delete.setArray(1, connection.createArrayOf("bigint",
                    batch.stream().map(Entry::recordId).toArray(Long[]::new)));
            if (delete.executeUpdate() != batch.size()) {
                throw new SQLException("a record to seal was sealed by another sealer at the same time");
            }
        }
        try (PreparedStatement update = connection.prepareStatement(
                "update audit_head set seq = ?, entry_hash = ? where id = 1")) {
            update.setLong(1, seq);
            update.setString(2, previousHash);
            update.executeUpdate();
        }
        return batch.size();
    }

    private static Record readRecord(ResultSet rows, int first) throws SQLException {
        return new Record(rows.getObject(first, OffsetDateTime.class).toInstant(), rows.getString(first + 1),
                rows.getString(first + 2), rows.getString(first + 3), rows.getObject(first + 4, UUID.class),
                rows.getString(first + 5));
    }

    /** How many records are committed but not yet sealed. */
    public long unsealed() {
        return Queries.list(dataSource, "select count(*) from audit_pending", statement -> { },
                rows -> rows.getLong(1), "the audit trail").get(0);
    }

    /**
     * The entry's hash: SHA-256 over the previous hash and every field, each written as its length and its text so
     * that no two different entries read the same.
     */
    public static String hash(long seq, Record record, String previousHash) {
        StringBuilder canonical = new StringBuilder();
        for (String field : new String[] {previousHash, Long.toString(seq),
                Long.toString(record.occurredAt().toEpochMilli()), record.actor(), record.certificate(),
                record.action(), record.transferId() == null ? null : record.transferId().toString(),
                record.detail()}) {
            canonical.append(field == null ? "-1:" : field.length() + ":" + field).append('\n');
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The chain's end: the last sequence number and its hash. */
    public record Head(long seq, String hash) {
    }

    public Head head() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select seq, entry_hash from audit_head where id = 1");
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return new Head(rows.getLong(1), rows.getString(2));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the audit head", e);
        }
    }

    /** The entries about one transfer, in order, after sealing what is committed. */
    public List<Entry> forTransfer(UUID transferId) {
        return forTransfers(List.of(transferId));
    }

    /**
     * The entries about any of {@code transferIds}, in order. Seals first, so that every record committed before
     * the call is among them.
     */
    public List<Entry> forTransfers(Collection<UUID> transferIds) {
        if (transferIds.isEmpty()) {
            return List.of();
        }
        seal();
        List<UUID> ids = List.copyOf(transferIds);
        return select("where transfer_id in (" + "?, ".repeat(ids.size() - 1) + "?) order by seq", statement -> {
            for (int i = 0; i < ids.size(); i++) {
                statement.setObject(i + 1, ids.get(i));
            }
        });
    }

    /** Up to {@code limit} sealed entries from {@code fromSeq} on, in order. */
    public List<Entry> page(long fromSeq, int limit) {
        return select("where seq >= ? order by seq limit " + limit, statement -> statement.setLong(1, fromSeq));
    }

    /** Where a stored entry sits, as {@link AuditAnchors#verify} reports a broken link. */
    public Optional<Entry> entry(long seq) {
        return select("where seq = ?", statement -> statement.setLong(1, seq)).stream().findFirst();
    }

    private List<Entry> select(String where, Queries.Binder binder) {
        return Queries.list(dataSource, "select seq, record_id, " + RECORD_COLUMNS + ", previous_hash, entry_hash "
                + "from audit_entry " + where, binder, rows -> new Entry(rows.getLong(1), rows.getLong(2),
                        readRecord(rows, 3), rows.getString(9), rows.getString(10)), "the audit trail");
    }
}
