package dk.sagsbro.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.util.Map;

/**
 * A real PostgreSQL server (embedded binaries) for the tests of one class, registered with
 * {@code @RegisterExtension static final PostgresServer POSTGRES = new PostgresServer();}; each test takes a new,
 * migrated database from it.
 */
public final class PostgresServer implements BeforeAllCallback, AfterAllCallback {
    private final Map<String, String> settings;
    private EmbeddedPostgres postgres;

    public PostgresServer() {
        this(Map.of());
    }

    /** A server with these settings besides the tests' own ({@code postgresql.conf} names and values). */
    public PostgresServer(Map<String, String> settings) {
        this.settings = Map.copyOf(settings);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        EmbeddedPostgres.Builder builder = forTests();
        settings.forEach(builder::setServerConfig);
        postgres = builder.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        postgres.close();
    }

    /**
     * The embedded server, where a lock waited for longer than any test takes fails that statement (the test then
     * names it) rather than hanging the build: the server's default is to wait for ever.
     */
    public static EmbeddedPostgres.Builder forTests() {
        return EmbeddedPostgres.builder().setServerConfig("lock_timeout", "2min");
    }

    public DataSource freshDatabase() {
        return TestDatabases.freshMigratedOn(postgres);
    }
}
