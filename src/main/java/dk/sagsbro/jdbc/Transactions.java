package dk.sagsbro.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The one place a transaction is opened on a data source: committed when the work returns, rolled back when it
 * throws. The work's connection holds its {@link HeldWrites} where the database allows.
 */
public final class Transactions {
    private Transactions() {
    }

    /** Work that must be all or nothing. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection pooled = dataSource.getConnection()) {
            pooled.setAutoCommit(false);
            Connection connection = HeldWrites.holding(pooled);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }
}
