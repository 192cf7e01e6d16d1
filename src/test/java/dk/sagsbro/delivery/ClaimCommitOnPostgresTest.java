package dk.sagsbro.delivery;

import dk.sagsbro.support.PostgresServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dk.sagsbro.delivery.DeliveryJobsTest.FIRST;
import static dk.sagsbro.delivery.DeliveryJobsTest.LEASE;
import static dk.sagsbro.delivery.DeliveryJobsTest.NOW;
import static dk.sagsbro.delivery.DeliveryJobsTest.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push claim's commit on PostgreSQL does not wait for the disk, and the connection's next transactions do. This
 * server is durable (the tests' others are not: {@code fsync} and {@code synchronous_commit} off), and on the
 * connections these tests hand out every commit that waits for the disk first sleeps 100 ms ({@code commit_delay}),
 * so a commit that waited shows in its time.
 */
class ClaimCommitOnPostgresTest {
    static final Duration COMMIT_DELAY = Duration.ofMillis(100);

    @RegisterExtension
    static final PostgresServer POSTGRES = new PostgresServer(Map.of("fsync", "on", "synchronous_commit", "on"));

    final DeliveryJobsTest jobsWithTransfers = new DeliveryJobsTest() {
        @Override
        DataSource newDataSource() {
            return withCommitDelay(POSTGRES.freshDatabase());
        }
    };

    @BeforeEach
    void setUp() {
        jobsWithTransfers.setUp();
    }

    @Test
    void claimsCommitWithoutWaitingForTheDiskWhileADurableCommitWaits() {
        int claims = 15;
        List<UUID> due = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            due.add(jobsWithTransfers.transferWithJob(FIRST, NOW.minusSeconds(60 - i)));
        }
        long durableStarted = System.nanoTime();
        jobsWithTransfers.transferWithJob(FIRST, NOW.plusSeconds(600));
        Duration durable = Duration.ofNanos(System.nanoTime() - durableStarted);

        List<UUID> claimed = new ArrayList<>();
        long claimsStarted = System.nanoTime();
        for (int i = 0; i < claims; i++) {
            claimed.addAll(ids(jobsWithTransfers.jobs.claimDue(NOW, 1, LEASE, Set.of())));
        }
        Duration claiming = Duration.ofNanos(System.nanoTime() - claimsStarted);

        assertThat(claimed).containsExactlyElementsOf(due);
        assertThat(durable).isGreaterThanOrEqualTo(COMMIT_DELAY);
        // Waiting for the disk, the claims would take at least 15 x 100 ms; they take a few ms each.
        assertThat(claiming).isLessThan(COMMIT_DELAY.multipliedBy(claims / 2));
    }

    @Test
    void theConnectionsNextTransactionWaitsForTheDiskAgain() throws SQLException {
        jobsWithTransfers.transferWithJob(FIRST, NOW.minusSeconds(1));
        try (Connection connection = jobsWithTransfers.dataSource.getConnection()) {
            DeliveryJobs onThisConnection = new DeliveryJobs(only(connection));

            assertThat(onThisConnection.claimDue(NOW, 1, LEASE, Set.of())).hasSize(1);

            try (Statement statement = connection.createStatement();
                    ResultSet setting = statement.executeQuery("show synchronous_commit")) {
                setting.next();
                assertThat(setting.getString(1)).isEqualTo("on");
            }
        }
    }

    /** {@code dataSource}, whose connections sleep {@link #COMMIT_DELAY} before each wait for the disk. */
    private static DataSource withCommitDelay(DataSource dataSource) {
        return dataSource(() -> {
            Connection connection = dataSource.getConnection();
            try (Statement statement = connection.createStatement()) {
                statement.execute("set commit_siblings = 0");
                statement.execute("set commit_delay = " + COMMIT_DELAY.toNanos() / 1000);
            }
            return connection;
        });
    }

    /** A data source that hands out {@code connection} and leaves it open, as a pool hands out its connections. */
    private static DataSource only(Connection connection) {
        Connection kept = (Connection) Proxy.newProxyInstance(ClaimCommitOnPostgresTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close")) {
                        return null;
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        return dataSource(() -> kept);
    }

    private interface ConnectionSource {
        Connection get() throws SQLException;
    }

    private static DataSource dataSource(ConnectionSource connections) {
        return (DataSource) Proxy.newProxyInstance(ClaimCommitOnPostgresTest.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && method.getParameterCount() == 0) {
                        return connections.get();
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
