package dk.sagsbro.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/** The one place a transaction is opened on a data source: committed when the work returns, rolled back when it throws. */
public final class Transactions {
    private Transactions() {
    }

    /** Work that must be all or nothing. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public static <T> T inTransaction(DataSource dataSource, Work<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
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
