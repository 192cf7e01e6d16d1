package dk.sagsbro.delivery;

import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** Claiming push jobs on a real PostgreSQL server, where one statement selects and leases them. */
class DeliveryJobsOnPostgresTest extends DeliveryJobsTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }
}
