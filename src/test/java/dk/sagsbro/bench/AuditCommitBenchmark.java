package dk.sagsbro.bench;

import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.DurablePostgres;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * How many transactions that record a timeline event (and so an audit record) commit per second on a PostgreSQL
 * server that makes commits durable, from many threads at once: the database's share of an intake, without the HTTP,
 * TLS and verification around it. The audit trail is sealed every 200 ms meanwhile, as the gateway's route does.
 * Usage (from the project directory, after {@code ./mvnw test-compile}):
 * {@code java -cp target/test-classes:target/classes:$(cat target/bench.classpath) dk.sagsbro.bench.AuditCommitBenchmark}
 * with {@code -Dbench.threads=16 -Dbench.seconds=15}.
 */
public final class AuditCommitBenchmark {
    private AuditCommitBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Integer.getInteger("bench.threads", 16);
        int seconds = Integer.getInteger("bench.seconds", 15);
        try (EmbeddedPostgres postgres = DurablePostgres.builder().start()) {
            DataSource dataSource = new ConnectionPerThread(TestDatabases.freshMigratedOn(postgres));
            TransferChanges changes = new TransferChanges(new TransferRepository(dataSource));
            AuditTrail trail = new AuditTrail(dataSource);
            ScheduledExecutorService sealer = Executors.newSingleThreadScheduledExecutor();
            sealer.scheduleWithFixedDelay(trail::seal, 200, 200, TimeUnit.MILLISECONDS);
            try {
                run(changes, threads, 3, "warm-up");
                run(changes, threads, seconds, "measured");
            } finally {
                sealer.shutdown();
                sealer.awaitTermination(10, TimeUnit.SECONDS);
            }
            trail.seal();
            System.out.printf("audit trail: %d entries sealed, %d waiting%n", trail.head().seq(), trail.unsealed());
        }
    }

    private static void run(TransferChanges changes, int threads, int seconds, String what) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            done.add(pool.submit(() -> {
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    Instant now = Instant.now();
                    changes.insert(new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED,
                            "101", "165", "101", null, LocalDate.of(2026, 11, 1), false, false, false, 1, 20,
                            "ab".repeat(32), 54_000, UUID.randomUUID().toString(), "bench", null, now, null, now),
                            new byte[] {1}, List.of(new TransferEvent(now, TransferEventType.RECEIVED, "101",
                                    "verified")));
                    latencies.add(System.nanoTime() - before);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("%s: %d threads, %d transactions in %.1f s: %.0f/s, p50 %.2f ms, p99 %.2f ms%n", what,
                threads, sorted.size(), elapsed, sorted.size() / elapsed,
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6);
    }

    /** Each thread keeps its own connection, as a pool would lend it; closing it only ends its transaction. */
    private static final class ConnectionPerThread implements DataSource {
        private final DataSource connections;
        private final ThreadLocal<Connection> own = new ThreadLocal<>();

        ConnectionPerThread(DataSource connections) {
            this.connections = connections;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = own.get();
            if (connection == null) {
                connection = connections.getConnection();
                own.set(connection);
            }
            Connection real = connection;
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, arguments) -> {
                        if (method.getName().equals("close")) {
                            if (!real.getAutoCommit()) {
                                real.rollback();
                                real.setAutoCommit(true);
                            }
                            return null;
                        }
                        try {
                            return method.invoke(real, arguments);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
