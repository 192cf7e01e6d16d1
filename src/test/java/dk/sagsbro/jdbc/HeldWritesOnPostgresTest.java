package dk.sagsbro.jdbc;

import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** On PostgreSQL the writes are held and sent together, with the commit. */
class HeldWritesOnPostgresTest extends HeldWritesTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }

    @Test
    void aWriteIsHeldUntilTheCommitThatSendsIt() {
        AtomicBoolean returnedFromTheFailingWrite = new AtomicBoolean();

        assertThatThrownBy(() -> Transactions.inTransaction(dataSource, connection -> {
            assertThat(HeldWrites.holds(connection)).isTrue();
            HeldWrites.write(connection, "insert into held_write_test (id) values (?)", insert -> insert.setInt(1, 7));
            HeldWrites.write(connection, "insert into held_write_test (id) values (?)", insert -> insert.setInt(1, 7));
            returnedFromTheFailingWrite.set(true);
            return null;
        })).isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("23505"));

        assertThat(returnedFromTheFailingWrite).isTrue();
    }
}
