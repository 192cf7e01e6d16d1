package dk.sagsbro.gateway;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * One build, two databases: the embedded H2 file of the default run, or PostgreSQL in production. Exactly one of
 * the two named datasources is active at run time (docs/operating.md shows how to switch).
 */
@ApplicationScoped
public class Database {
    public static final String EMBEDDED = "embedded";
    public static final String POSTGRESQL = "postgresql";

    @Inject
    @DataSource(EMBEDDED)
    InjectableInstance<AgroalDataSource> embedded;

    @Inject
    @DataSource(POSTGRESQL)
    InjectableInstance<AgroalDataSource> postgresql;

    public javax.sql.DataSource dataSource() {
        boolean postgresqlActive = postgresql.getHandle().getBean().isActive();
        boolean embeddedActive = embedded.getHandle().getBean().isActive();
        if (postgresqlActive == embeddedActive) {
            throw new IllegalStateException("exactly one of the datasources '" + EMBEDDED + "' and '" + POSTGRESQL
                    + "' must be active");
        }
        return postgresqlActive ? postgresql.get() : embedded.get();
    }

    public String kind() {
        return postgresql.getHandle().getBean().isActive() ? POSTGRESQL : EMBEDDED;
    }
}
