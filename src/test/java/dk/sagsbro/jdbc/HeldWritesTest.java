package dk.sagsbro.jdbc;

import dk.sagsbro.support.TestDatabases;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Writes in a transaction, held (PostgreSQL) or run at once (H2): the same rows, errors and rollbacks either way. */
class HeldWritesTest {
    DataSource dataSource;

    DataSource newDataSource() {
        return TestDatabases.freshMigrated();
    }

    @BeforeEach
    void setUp() throws SQLException {
        dataSource = newDataSource();
        try (Connection connection = dataSource.getConnection(); Statement create = connection.createStatement()) {
            create.execute("create table held_write_test (id integer primary key, label varchar(40), amount integer)");
        }
    }

    private static void insert(Connection connection, int id, String label, Integer amount) throws SQLException {
        HeldWrites.write(connection, "insert into held_write_test (id, label, amount) values (?, ?, ?)", insert -> {
            insert.setInt(1, id);
            insert.setString(2, label);
            if (amount == null) {
                insert.setNull(3, java.sql.Types.INTEGER);
            } else {
                insert.setInt(3, amount);
            }
        });
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
                ResultSet found = select.executeQuery("select id, label, amount from held_write_test order by id")) {
            while (found.next()) {
                rows.add(found.getInt(1) + " " + found.getString(2) + " " + found.getObject(3));
            }
        }
        return rows;
    }

    @Test
    void writesOfDifferentShapesAreCommittedEachWithItsOwnParameters() throws SQLException {
        Transactions.inTransaction(dataSource, connection -> {
            insert(connection, 1, "first", 10);
            HeldWrites.write(connection, "update held_write_test set amount = amount + ? where id = ?", update -> {
                update.setInt(1, 5);
                update.setInt(2, 1);
            });
            insert(connection, 2, "second ? not a parameter", null);
            HeldWrites.writeEach(connection, "insert into held_write_test (id, label) values (?, ?)",
                    List.of(3, 4), (each, id) -> {
                        each.setInt(1, id);
                        each.setString(2, "item " + id);
                    });
            return null;
        });

        assertThat(rows()).containsExactly("1 first 15", "2 second ? not a parameter null", "3 item 3 null",
                "4 item 4 null");
    }

    @Test
    void aReadInTheTransactionSeesTheWritesBeforeIt() throws SQLException {
        int seen = Transactions.inTransaction(dataSource, connection -> {
            insert(connection, 1, "one", 1);
            insert(connection, 2, "two", 2);
            try (PreparedStatement count = connection.prepareStatement("select sum(amount) from held_write_test");
                    ResultSet sum = count.executeQuery()) {
                sum.next();
                return sum.getInt(1);
            }
        });

        assertThat(seen).isEqualTo(3);
    }

    @Test
    void aFailingWriteFailsTheTransactionAndKeepsNothingOfIt() throws SQLException {
        Transactions.inTransaction(dataSource, connection -> {
            insert(connection, 1, "kept", 1);
            return null;
        });

        assertThatThrownBy(() -> Transactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "update held_write_test set label = 'changed' where id = 1")) {
                update.executeUpdate();
            }
            insert(connection, 2, "new", 2);
            insert(connection, 1, "the same key again", 3);
            insert(connection, 3, "after it", 3);
            return null;
        })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));

        assertThat(rows()).containsExactly("1 kept 1");
    }

    @Test
    void aRollbackInTheWorkDropsWhatItWrote() throws SQLException {
        Transactions.inTransaction(dataSource, connection -> {
            insert(connection, 1, "rolled back", 1);
            connection.rollback();
            insert(connection, 2, "after the rollback", 2);
            return null;
        });

        assertThat(rows()).containsExactly("2 after the rollback 2");
    }

    @Test
    void theConnectionIsUsableForTheNextTransaction() throws SQLException {
        for (int i = 1; i <= 12; i++) {
            int id = i;
            Transactions.inTransaction(dataSource, connection -> {
                insert(connection, id, "round " + id, id);
                return null;
            });
        }
        Transactions.inTransaction(dataSource, connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from held_write_test where id > 2")) {
                delete.executeUpdate();
            }
            return null;
        });

        assertThat(rows()).containsExactly("1 round 1 1", "2 round 2 2");
    }
}
