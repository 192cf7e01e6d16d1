package dk.sagsbro.retention;

import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Payload retention on a real PostgreSQL server (embedded binaries), as in production. */
class PayloadRetentionOnPostgresTest extends PayloadRetentionTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }
}
