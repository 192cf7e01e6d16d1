package dk.sagsbro.audit;

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
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The hash-chained audit trail: every timeline event and every read of personal data, with who acted (municipality,
 * certificate serial, operator). An entry is appended inside the transaction of the action it records, so neither
 * exists without the other; a read is appended before any byte leaves. Appending locks the chain's head row, so
 * entries from several instances form one gapless sequence, each hash covering the one before.
 */
public final class AuditTrail {
    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);

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

    /** An entry as stored. */
    public record Entry(long seq, Record record, String previousHash, String hash) {
    }

    /** The reads of personal data that are recorded, as their action names. */
    public enum Read {
        READ_PACKET, READ_EVIDENCE, READ_CONSOLE_DETAIL, DATA_SUBJECT_REQUEST, EXPORT_CONSOLE_LIST
    }

    /**
     * A row written with an entry and referring to it by its sequence number: the {@code columns} of {@code table}
     * take the parameters {@code values} binds from {@code firstIndex} on, {@code seqColumn} the entry's number.
     */
    public record Companion(String table, List<String> columns, String seqColumn, Values values) {
        public Companion {
            columns = List.copyOf(columns);
        }

        /** Binds the companion's columns, in order, from {@code firstIndex}. */
        @FunctionalInterface
        public interface Values {
            void bind(PreparedStatement statement, int firstIndex) throws SQLException;
        }

        private String insert(String seq) {
            return "insert into " + table + " (" + String.join(", ", columns) + ", " + seqColumn + ") values ("
                    + "?, ".repeat(columns.size()) + seq + ")";
        }
    }

    /** Appends {@code record} inside the caller's transaction on {@code connection}. */
    public static Entry append(Connection connection, Record record) throws SQLException {
        return append(connection, record, null);
    }

    /**
     * Appends {@code record} inside the caller's transaction on {@code connection}, and writes {@code companion} (if
     * not null) with it.
     */
    public static Entry append(Connection connection, Record record, Companion companion) throws SQLException {
        // Every change of the gateway appends here inside its own transaction, holding the head's lock until it
        // commits, so on PostgreSQL the steps take two round trips: the number and the previous hash together, then
        // the entry, its companion and the new head together.
        boolean postgresql = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
        long seq;
        String previousHash;
        // Taking the next number is the update itself: it waits for the head's row lock and then counts on from the
        // latest committed head (a select ... for update may hand a waiting transaction the version it first saw).
        if (postgresql) {
            try (PreparedStatement next = connection.prepareStatement(
                    "update audit_head set seq = seq + 1 where id = 1 returning seq, entry_hash");
                    ResultSet rows = next.executeQuery()) {
                if (!rows.next()) {
                    throw new SQLException("the audit trail has no head row");
                }
                seq = rows.getLong(1);
                previousHash = rows.getString(2);
            }
        } else {
            try (PreparedStatement next = connection.prepareStatement(
                    "update audit_head set seq = seq + 1 where id = 1")) {
                if (next.executeUpdate() != 1) {
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
        }
        String hash = hash(seq, record, previousHash);
        String insert = "insert into audit_entry (seq, occurred_at, actor, certificate, action, transfer_id, detail, "
                + "previous_hash, entry_hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement statement = connection.prepareStatement(postgresql
                ? "with entry as (" + insert + " returning seq, entry_hash) "
                        + (companion == null ? "" : ", companion as (" + companion.insert("(select seq from entry)") + ") ")
                        + "update audit_head set entry_hash = (select entry_hash from entry) where id = 1"
                : insert)) {
            statement.setLong(1, seq);
            statement.setObject(2, OffsetDateTime.ofInstant(record.occurredAt(), ZoneOffset.UTC));
            statement.setString(3, record.actor());
            statement.setString(4, record.certificate());
            statement.setString(5, record.action());
            statement.setObject(6, record.transferId());
            statement.setString(7, record.detail());
            statement.setString(8, previousHash);
            statement.setString(9, hash);
            if (postgresql && companion != null) {
                companion.values().bind(statement, 10);
            }
            if (statement.executeUpdate() != 1) {
                throw new SQLException("the audit trail's head did not move on");
            }
        }
        if (!postgresql && companion != null) {
            try (PreparedStatement insert2 = connection.prepareStatement(companion.insert("?"))) {
                companion.values().bind(insert2, 1);
                insert2.setLong(companion.columns().size() + 1, seq);
                insert2.executeUpdate();
            }
        }
        if (!postgresql) {
            try (PreparedStatement update = connection.prepareStatement(
                    "update audit_head set entry_hash = ? where id = 1")) {
                update.setString(1, hash);
                update.executeUpdate();
            }
        }
        return new Entry(seq, record, previousHash, hash);
    }

    /** Appends {@code record} in a transaction of its own (a read, recorded before its bytes are sent). */
    public Entry append(Record record) {
        try {
            return Transactions.inTransaction(dataSource, connection -> append(connection, record));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append to the audit trail", e);
        }
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

    /** The entries about one transfer, in order. */
    public List<Entry> forTransfer(UUID transferId) {
        return forTransfers(List.of(transferId));
    }

    /** The entries about any of {@code transferIds}, in order. */
    public List<Entry> forTransfers(Collection<UUID> transferIds) {
        if (transferIds.isEmpty()) {
            return List.of();
        }
        List<UUID> ids = List.copyOf(transferIds);
        return select("where transfer_id in (" + "?, ".repeat(ids.size() - 1) + "?) order by seq", statement -> {
            for (int i = 0; i < ids.size(); i++) {
                statement.setObject(i + 1, ids.get(i));
            }
        });
    }

    /** Up to {@code limit} entries from {@code fromSeq} on, in order. */
    public List<Entry> page(long fromSeq, int limit) {
        return select("where seq >= ? order by seq limit " + limit, statement -> statement.setLong(1, fromSeq));
    }

    /** Where a stored entry sits, as {@link #verify} reports a broken link. */
    public Optional<Entry> entry(long seq) {
        return select("where seq = ?", statement -> statement.setLong(1, seq)).stream().findFirst();
    }

    private List<Entry> select(String where, Queries.Binder binder) {
        return Queries.list(dataSource, "select seq, occurred_at, actor, certificate, action, transfer_id, detail, "
                + "previous_hash, entry_hash from audit_entry " + where, binder, rows -> new Entry(rows.getLong(1),
                        new Record(rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getString(3),
                                rows.getString(4), rows.getString(5), rows.getObject(6, UUID.class),
                                rows.getString(7)), rows.getString(8), rows.getString(9)), "the audit trail");
    }
}
