package dk.sagsbro.storage;

import dk.sagsbro.jdbc.HeldWrites;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Small payloads kept in the database (table {@code payload_inline}) rather than in the object store: written by
 * the commit that records their transfer, they need no file of their own, no {@code fsync} of it and of its
 * directory, no rename, no S3 request. Until that commit their encrypted bytes are held in memory, within a budget
 * that all intakes share: a payload larger than {@link #maxBytes()}, or one arriving when the budget is spent, goes
 * to the object store as before.
 */
public final class InlinePayloads {
    /** Larger payloads belong in the object store: a row is read whole into memory. */
    public static final int MAX_INLINE_BYTES = 16 << 20;
    private final DataSource dataSource;
    private final int maxBytes;
    private final long budgetBytes;
    private final AtomicLong heldBytes = new AtomicLong();

    /**
     * @param maxBytes    the largest encrypted payload kept in the database; 0 keeps none there
     * @param budgetBytes how many bytes of payloads not yet committed all intakes together may hold in memory
     */
    public InlinePayloads(DataSource dataSource, int maxBytes, long budgetBytes) {
        if (maxBytes < 0 || maxBytes > MAX_INLINE_BYTES || budgetBytes < 0) {
            throw new IllegalArgumentException("an inline payload's limit must be 0 to " + MAX_INLINE_BYTES
                    + " bytes and their budget not negative; got " + maxBytes + " and " + budgetBytes);
        }
        this.dataSource = dataSource;
        this.maxBytes = maxBytes;
        this.budgetBytes = budgetBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    /** How many bytes pending inline payloads hold in memory now. */
    public long heldBytes() {
        return heldBytes.get();
    }

    /** Takes {@code bytes} from the shared budget, or nothing when that would exceed it. */
    boolean reserve(long bytes) {
        while (true) {
            long held = heldBytes.get();
            if (held + bytes > budgetBytes) {
                return false;
            }
            if (heldBytes.compareAndSet(held, held + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        heldBytes.addAndGet(-bytes);
    }

    /** Inserts a payload inside the caller's transaction, so it exists exactly when that transaction commits. */
    void insert(Connection connection, String reference, byte[] ciphertext, int length) throws SQLException {
        byte[] stored = length == ciphertext.length ? ciphertext : java.util.Arrays.copyOf(ciphertext, length);
        HeldWrites.write(connection, "insert into payload_inline (payload_ref, ciphertext) values (?, ?)", insert -> {
            insert.setString(1, reference);
            insert.setBytes(2, stored);
        });
    }

    /** The payload's encrypted bytes, or empty when it is not kept in the database. */
    Optional<byte[]> read(String reference) throws IOException {
        return onItsRow("select ciphertext from payload_inline where payload_ref = ?", reference, "read",
                select -> {
                    try (ResultSet row = select.executeQuery()) {
                        return row.next() ? Optional.of(row.getBytes(1)) : Optional.empty();
                    }
                });
    }

    boolean exists(String reference) throws IOException {
        return onItsRow("select 1 from payload_inline where payload_ref = ?", reference, "look for", select -> {
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        });
    }

    /** Deletes the payload's row; one that is not there is no error. */
    void delete(String reference) throws IOException {
        onItsRow("delete from payload_inline where payload_ref = ?", reference, "delete", PreparedStatement::executeUpdate);
    }

    @FunctionalInterface
    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Runs {@code sql}, whose one parameter is the reference, on a connection of its own. */
    private <T> T onItsRow(String sql, String reference, String what, StatementWork<T> work) throws IOException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, reference);
            return work.run(statement);
        } catch (SQLException e) {
            throw new IOException("cannot " + what + " payload " + reference + " in the database: " + e.getMessage(),
                    e);
        }
    }
}
