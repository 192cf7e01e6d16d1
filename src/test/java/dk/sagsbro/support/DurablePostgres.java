package dk.sagsbro.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;

/**
 * The embedded PostgreSQL server as production runs it: a commit is on disk before the server says so. The embedded
 * server's defaults turn {@code synchronous_commit} off for speed; then an immediate stop loses accepted transfers,
 * the gateway refuses such a server in production, and a benchmark on it measures commits that never wait for the
 * disk. With {@code backend_flush_after} as docs/deployment.md recommends, so that the page cache does not collect
 * hundreds of MB of table writes for a checkpoint's {@code fsync} to push out while commits wait.
 */
public final class DurablePostgres {
    private DurablePostgres() {
    }

    /**
     * With any further settings that {@code bench.postgres.config} lists ({@code name=value,name=value}), and with
     * {@code bench.postgres.log} the server's log in the directory it names.
     */
    public static EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("backend_flush_after", "256kB");
        String serverLog = System.getProperty("bench.postgres.log", "");
        if (!serverLog.isBlank()) {
            // To see what the database did during a slow stretch: checkpoints, autovacuum, lock waits over 100 ms.
            builder.setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", Path.of(serverLog).toAbsolutePath().toString())
                    .setServerConfig("log_checkpoints", "on").setServerConfig("log_autovacuum_min_duration", "0")
                    .setServerConfig("log_lock_waits", "on").setServerConfig("deadlock_timeout", "100ms");
        }
        for (String setting : System.getProperty("bench.postgres.config", "").split(",")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                builder.setServerConfig(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
            }
        }
        return builder;
    }
}
