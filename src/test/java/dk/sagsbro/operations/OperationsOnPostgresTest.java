package dk.sagsbro.operations;

import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** The operators' read model and actions on a real PostgreSQL server (embedded binaries), as in production. */
class OperationsOnPostgresTest extends OperationsTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }
}
