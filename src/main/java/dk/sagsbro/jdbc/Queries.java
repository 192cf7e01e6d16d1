package dk.sagsbro.jdbc;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** A select on a connection of its own: bind the parameters, read every row. */
public final class Queries {
    private Queries() {
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    /** Reads the current row. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet row) throws SQLException;
    }

    /** Sets a statement's parameters from one item. */
    @FunctionalInterface
    public interface ItemBinder<T> {
        void bind(PreparedStatement statement, T item) throws SQLException;
    }

    /**
     * Runs the statement once per item (an insert or an update of one row each), as one batch, inside the caller's
     * transaction on {@code connection}.
     */
    public static <T> void batch(Connection connection, String sql, List<T> items, ItemBinder<T> binder)
            throws SQLException {
        if (items.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(insert, item);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /**
     * @param what what is read, for the message when the database fails ("cannot read " + what)
     */
    public static <T> List<T> list(DataSource dataSource, String sql, Binder binder, RowReader<T> reader,
            String what) {
        List<T> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            binder.bind(select);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(reader.read(rows));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + what, e);
        }
        return found;
    }
}
