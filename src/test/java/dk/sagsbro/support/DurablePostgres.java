package dk.sagsbro.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The embedded PostgreSQL server as production runs it: a commit is on disk before the server says so. The embedded
 * server's defaults turn {@code synchronous_commit} off for speed; then an immediate stop loses accepted transfers,
 * the gateway refuses such a server in production, and a benchmark on it measures commits that never wait for the
 * disk.
 */
public final class DurablePostgres {
    private DurablePostgres() {
    }

    public static EmbeddedPostgres.Builder builder() {
        return EmbeddedPostgres.builder().setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on");
    }
}
