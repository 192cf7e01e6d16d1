package dk.sagsbro.bench;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;

/**
 * What PostgreSQL's client backends were doing, sampled every 200 ms from {@code pg_stat_activity} while a run lasts,
 * counted by second of the run: working on the CPU, or waiting (for a lock, a WAL flush, a client...). Shows whether
 * a slow stretch is the database's and on what it waited.
 */
final class DatabaseWaits implements AutoCloseable {
    private final Map<Integer, Map<String, Integer>> bySecond = new TreeMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    DatabaseWaits(DataSource database) {
        long start = System.nanoTime();
        sampler = new Thread(() -> {
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
                while (running) {
                    int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                    try (ResultSet rows = statement.executeQuery("select coalesce(wait_event_type || ':' || "
                            + "wait_event, 'CPU'), count(*) from pg_stat_activity where backend_type = "
                            + "'client backend' and state = 'active' and pid <> pg_backend_pid() group by 1")) {
                        synchronized (bySecond) {
                            Map<String, Integer> counts = bySecond.computeIfAbsent(second, s -> new TreeMap<>());
                            while (rows.next()) {
                                counts.merge(rows.getString(1), rows.getInt(2), Integer::sum);
                            }
                        }
                    }
                    Thread.sleep(200);
                }
            } catch (SQLException e) {
                System.out.println("  database waits: sampling stopped: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "database-waits");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Stops sampling and prints the samples of the given seconds (each second about 5 samples, summed). */
    void print(Iterable<Integer> seconds) throws InterruptedException {
        close();
        synchronized (bySecond) {
            for (int second : seconds) {
                System.out.printf("  database backends active in second %d (5 samples summed): %s%n", second,
                        bySecond.getOrDefault(second, Map.of()));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }
}
