package dk.sagsbro.audit;

import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;

/** The audit trail on a real PostgreSQL server (embedded binaries), as in production. */
class AuditTrailOnPostgresTest extends AuditTrailTest {
    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer();

    @Override
    DataSource newDataSource() {
        return POSTGRES.freshDatabase();
    }
}
