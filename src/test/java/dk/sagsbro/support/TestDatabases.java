package dk.sagsbro.support;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

import javax.sql.DataSource;
import java.util.UUID;

/** A fresh in-memory H2 database with the gateway's schema, for tests of the repositories and the watchers. */
public final class TestDatabases {
    private TestDatabases() {
    }

    /** A new, migrated database on a running PostgreSQL server. */
    public static DataSource freshMigratedOn(io.zonky.test.db.postgres.embedded.EmbeddedPostgres postgres) {
        String name = "t" + UUID.randomUUID().toString().replace("-", "");
        try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        // as the gateway's PostgreSQL datasource is configured (application.properties)
        DataSource dataSource = postgres.getDatabase("postgres", name,
                java.util.Map.of("reWriteBatchedInserts", "true"));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration", "classpath:db/postgresql").load()
                .migrate();
        return dataSource;
    }

    /** A fresh H2 file database, as the embedded default runs on, in {@code directory}. */
    public static DataSource freshMigratedFile(java.nio.file.Path directory) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + directory.resolve("sagsbro").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0;LOCK_TIMEOUT=10000");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }

    public static DataSource freshMigrated() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        return dataSource;
    }
}
