package dk.sagsbro.bench;

import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.operations.DeadlineStanding;
import dk.sagsbro.operations.ResponseShares;
import dk.sagsbro.operations.TransferQueues;
import dk.sagsbro.support.TestDatabases;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * How long the console's and the metrics' queries take on PostgreSQL with a year of transfers: by default 20,000,
 * of which 2,000 still open (some reminded or overdue), the rest answered and taken over. Options:
 * {@code -Dbench.transfers=20000 -Dbench.open=2000 -Dbench.runs=20}.
 */
public final class ConsoleQueriesBenchmark {
    private static final String[] RECEIVERS = {"101", "147", "165", "167", "169", "751", "851", "461", "561", "621"};

    public static void main(String[] args) throws Exception {
        int total = Integer.getInteger("bench.transfers", 20_000);
        int open = Integer.getInteger("bench.open", 2_000);
        int runs = Integer.getInteger("bench.runs", 20);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource dataSource = TestDatabases.freshMigratedOn(postgres);
            Instant now = Instant.now();
            long loading = System.nanoTime();
            load(dataSource, total, open, now);
            System.out.printf("loaded %d transfers (%d open) with their timelines in %.1f s%n", total, open,
                    (System.nanoTime() - loading) / 1e9);
            TransferQueues queues = new TransferQueues(dataSource);
            ResponseShares shares = new ResponseShares(dataSource, DeadlinePolicy.defaults(), new DanishWorkingDays());
            YearMonth last = YearMonth.from(now.atZone(ZoneId.of("Europe/Copenhagen")));
            measure("overview (also each metrics scrape)", runs, () -> queues.overview());
            measure("list: first page, no filter", runs, () -> queues.search(TransferQueues.Filter.ANY, 0, 50));
            measure("list: overdue", runs, () -> queues.search(new TransferQueues.Filter(null, null,
                    DeadlineStanding.OVERDUE, false, null, null), 0, 50));
            measure("list: one municipality, received in a month", runs, () -> queues.search(
                    new TransferQueues.Filter(null, "165", null, false, now.minus(Duration.ofDays(30)), now), 0, 50));
            measure("chart page: 12 months, per month and receiver", runs, () -> shares.summary(
                    last.minusMonths(11), last, null, now));
        }
    }

    private static void measure(String what, int runs, Callable<?> query) throws Exception {
        for (int i = 0; i < 3; i++) {
            query.call();
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            query.call();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf("%-45s median %7.1f ms, max %7.1f ms (%d runs)%n", what, millis.get(millis.size() / 2),
                millis.get(millis.size() - 1), runs);
    }

    /** Transfers spread over the last year; the open ones recent, a tenth of them reminded and a tenth overdue. */
    private static void load(DataSource dataSource, int total, int open, Instant now) throws Exception {
        Random random = new Random(42);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement transfer = connection.prepareStatement("insert into transfer (id, kind, status, "
                    + "sender_code, receiver_code, submitted_by, move_date, urgent, address_protected, submitted_late, "
                    + "child_count, record_count, packet_digest, packet_size, payload_ref, policy_version, received_at, "
                    + "receipt) values (?, 'HANDOVER', ?, '101', ?, '101', date '2026-12-01', ?, false, false, 1, 7, "
                    + "?, 1000, ?, 'bench', ?, ?)");
                    PreparedStatement event = connection.prepareStatement("insert into transfer_event (transfer_id, "
                            + "occurred_at, type, actor, detail, once_key) values (?, ?, ?, 'gateway', null, ?)")) {
                for (int i = 0; i < total; i++) {
                    UUID id = UUID.randomUUID();
                    boolean isOpen = i < open;
                    Instant received = isOpen ? now.minus(Duration.ofMinutes(random.nextInt(60 * 24 * 7)))
                            : now.minus(Duration.ofMinutes(60L * 24 * 8 + random.nextInt(60 * 24 * 350)));
                    String receiver = RECEIVERS[random.nextInt(RECEIVERS.length)];
                    String status = isOpen ? (i % 3 == 0 ? "RECEIVED" : i % 3 == 1 ? "DELIVERED" : "ACKNOWLEDGED")
                            : "TAKEN_OVER";
                    transfer.setObject(1, id);
                    transfer.setString(2, status);
                    transfer.setString(3, receiver);
                    transfer.setBoolean(4, i % 20 == 0);
                    transfer.setString(5, "ab".repeat(32));
                    transfer.setString(6, UUID.randomUUID().toString());
                    transfer.setObject(7, utc(received));
                    transfer.setBytes(8, new byte[] {1});
                    transfer.addBatch();
                    addEvent(event, id, received, "RECEIVED", null);
                    if (!status.equals("RECEIVED")) {
                        addEvent(event, id, received.plusSeconds(60), "DELIVERED", null);
                    }
                    if (status.equals("ACKNOWLEDGED") || status.equals("TAKEN_OVER")) {
                        addEvent(event, id, received.plus(Duration.ofHours(random.nextInt(40))), "ACKNOWLEDGED", null);
                    }
                    if (status.equals("TAKEN_OVER")) {
                        addEvent(event, id, received.plus(Duration.ofDays(random.nextInt(9))), "TAKEN_OVER", null);
                    }
                    String kind = status.equals("RECEIVED") ? "DELIVERY" : status.equals("DELIVERED")
                            ? "RECEIVED_ACKNOWLEDGEMENT" : "TAKEN_OVER";
                    if (isOpen && i % 10 == 0) {
                        addEvent(event, id, received.plusSeconds(600), "DEADLINE_REMINDER", kind + ":reminder-50");
                    }
                    if (isOpen && i % 10 == 1) {
                        addEvent(event, id, received.plusSeconds(900), "DEADLINE_OVERDUE", kind + ":overdue");
                    }
                    if (i % 1000 == 999) {
                        transfer.executeBatch();
                        event.executeBatch();
                        connection.commit();
                    }
                }
                transfer.executeBatch();
                event.executeBatch();
                connection.commit();
            }
            try (PreparedStatement analyze = connection.prepareStatement("analyze")) {
                analyze.execute();
            }
            connection.commit();
        }
    }

    private static void addEvent(PreparedStatement event, UUID id, Instant at, String type, String onceKey)
            throws Exception {
        event.setObject(1, id);
        event.setObject(2, utc(at));
        event.setString(3, type);
        event.setString(4, onceKey);
        event.addBatch();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
