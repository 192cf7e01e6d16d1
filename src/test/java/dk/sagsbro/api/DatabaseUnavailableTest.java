package dk.sagsbro.api;

import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

/** A database out of reach is the gateway's trouble for the moment (503, try again), not a fault (500). */
class DatabaseUnavailableTest {

    @Test
    void aLostOrRefusedConnectionOrAServerShuttingDownIsUnavailability() {
        assertThat(ProblemMappers.databaseUnavailable(new IllegalStateException("cannot store",
                new SQLException("connection refused", "08001")))).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(new IllegalStateException("cannot store",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
        assertThat(ProblemMappers.databaseUnavailable(new RuntimeException(
                new SQLTransientConnectionException("no connection available in the pool")))).isTrue();
    }

    @Test
    void aConstraintOrAProgrammingFaultIsNot() {
        assertThat(ProblemMappers.databaseUnavailable(new IllegalStateException("cannot store",
                new SQLException("duplicate key", "23505")))).isFalse();
        assertThat(ProblemMappers.databaseUnavailable(new NullPointerException())).isFalse();
    }
}
