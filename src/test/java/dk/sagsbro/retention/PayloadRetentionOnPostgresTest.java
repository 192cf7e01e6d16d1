package dk.sagsbro.retention;

import dk.sagsbro.support.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import javax.sql.DataSource;
import java.io.IOException;

/** Payload retention on a real PostgreSQL server (embedded binaries), as in production. */
class PayloadRetentionOnPostgresTest extends PayloadRetentionTest {
    static EmbeddedPostgres postgres;

    @BeforeAll
    static void startPostgres() throws IOException {
        postgres = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopPostgres() throws IOException {
        postgres.close();
    }

    @Override
    DataSource newDataSource() {
        return TestDatabases.freshMigratedOn(postgres);
    }
}
