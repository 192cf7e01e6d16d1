package dk.sagsbro.bench;

import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.deadline.DeadlineSchedule;
import dk.sagsbro.deadline.DeadlineWatch;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.support.DurablePostgres;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.TransferRepository;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * What one deadline sweep costs with many open transfers, none of them due: the first sweep after a start, which reads
 * every open transfer (as every sweep did before each transfer carried its next check), against the sweeps after it.
 * PostgreSQL as production runs it; {@code bench.transfers} (50,000) open transfers received in the last five minutes.
 *
 * <pre>
 * java -Dbench.transfers=50000 -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
 *     dk.sagsbro.bench.DeadlineSweepBenchmark
 * </pre>
 */
public final class DeadlineSweepBenchmark {
    /** The select of open transfers that every sweep ran before f9e8a7f, the deliveries' subquery included. */
    private static final String EVERY_SWEEP_BEFORE = "select t.id, t.kind, t.status, t.sender_code, t.receiver_code, "
            + "t.urgent, t.received_at, (select min(e.occurred_at) from transfer_event e where e.transfer_id = t.id "
            + "and e.type = 'DELIVERED') as delivered_at from transfer t where "
            + dk.sagsbro.transfer.TransferLifecycle.sqlStanding("t", dk.sagsbro.transfer.TransferLifecycle.Standing.OPEN);

    private DeadlineSweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int transfers = Integer.getInteger("bench.transfers", 50_000);
        try (EmbeddedPostgres postgres = DurablePostgres.builder().start()) {
            DataSource dataSource = TestDatabases.freshMigratedOn(postgres);
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement insert = connection.prepareStatement("insert into transfer (id, kind, status, "
                            + "sender_code, receiver_code, submitted_by, move_date, urgent, address_protected, "
                            + "submitted_late, child_count, record_count, packet_digest, packet_size, payload_ref, "
                            + "policy_version, received_at, receipt, status_since, deadline_check_at) "
                            + "select gen_random_uuid(), 'HANDOVER', 'RECEIVED', '101', '165', '101', "
                            + "date '2027-01-01', false, false, false, 1, 20, repeat('ab', 32), 54000, "
                            + "gen_random_uuid()::text, 'bench', r, '\\x01'::bytea, r, r + interval '450 seconds' "
                            + "from (select now() - (i * interval '300 seconds') / ? as r "
                            + "from generate_series(1, ?) i) received")) {
                insert.setInt(1, transfers);
                insert.setInt(2, transfers);
                insert.executeUpdate();
            }
            try (Connection connection = dataSource.getConnection()) {
                // each with the RECEIVED event an intake records
                connection.createStatement().execute("insert into transfer_event (transfer_id, occurred_at, type, "
                        + "actor) select id, received_at, 'RECEIVED', '101' from transfer");
                connection.createStatement().execute("analyze");
            }
            System.out.printf(Locale.ROOT, "%d open transfers, none due%n", transfers);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            // what every sweep did before, when nothing was due: read every open transfer and work out its deadlines
            DeadlinePolicy policy = DeadlinePolicy.defaults();
            DeadlineSchedule schedule = new DeadlineSchedule(policy, new DanishWorkingDays());
            TransferRepository repository = new TransferRepository(dataSource);
            for (int round = 1; round <= 3; round++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                java.time.Instant now = java.time.Instant.now();
                int due = 0;
                for (TransferRepository.WatchedTransfer transfer : repository.open()) {
                    for (dk.sagsbro.deadline.Deadline deadline : schedule.openDeadlines(transfer.kind(),
                            transfer.status(), transfer.receivedAt(), transfer.urgent())) {
                        due += deadline.remindersDueAt(now) + (deadline.overdueAt(now) ? 1 : 0)
                                + policy.chasesDueAt(deadline, now);
                    }
                }
                System.out.printf(Locale.ROOT, "  a sweep as before (read every open transfer, work out its "
                        + "deadlines; %d due): %.1f ms, %.1f ms of this JVM's CPU%n", due,
                        (System.nanoTime() - start) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
            DeadlineWatch watch = new DeadlineWatch(new TransferRepository(dataSource), DeadlinePolicy.defaults(),
                    new DanishWorkingDays(), new Escalations(new NotificationRepository(dataSource), code -> List.of()),
                    Clock.systemUTC());
            for (int read = 1; read <= 2; read++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                int rows = 0;
                try (Connection connection = dataSource.getConnection();
                        PreparedStatement select = connection.prepareStatement(EVERY_SWEEP_BEFORE);
                        var result = select.executeQuery()) {
                    while (result.next()) {
                        rows++;
                    }
                }
                System.out.printf(Locale.ROOT, "  the read every sweep made before (every open transfer, %d rows): "
                        + "%.1f ms, %.1f ms of this JVM's CPU%n", rows, (System.nanoTime() - start) / 1e6,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
            for (int sweep = 1; sweep <= 6; sweep++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long start = System.nanoTime();
                watch.sweep();
                System.out.printf(Locale.ROOT, "  sweep %d%s: %.1f ms, %.1f ms of this JVM's CPU%n", sweep,
                        sweep == 1 ? " (the first after a start: every open transfer)" : "",
                        (System.nanoTime() - start) / 1e6, (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
        }
    }
}
