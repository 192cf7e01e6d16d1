package dk.sagsbro.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

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

    /** With any further settings that {@code bench.postgres.config} lists ({@code name=value,name=value}). */
    public static EmbeddedPostgres.Builder builder() {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on").setServerConfig("backend_flush_after", "256kB");
        for (String setting : System.getProperty("bench.postgres.config", "").split(",")) {
            int equals = setting.indexOf('=');
            if (equals > 0) {
                builder.setServerConfig(setting.substring(0, equals).trim(), setting.substring(equals + 1).trim());
            }
        }
        return builder;
    }
}
