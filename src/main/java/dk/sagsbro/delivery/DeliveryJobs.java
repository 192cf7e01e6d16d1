package dk.sagsbro.delivery;

import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferRepository;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The push-delivery outbox: one job per transfer to push, claimed with a lease so that instances share the work. */
public final class DeliveryJobs {
    private final DataSource dataSource;

    /**
     * A claimed job. {@code pushUntil} is when pushing gives up; null means at the transfer's delivery deadline.
     * {@code transfer} is the transfer as the claim read it. {@code storedCiphertext} is the payload's encrypted
     * bytes, read with the claim when the database keeps them and they are no larger than
     * {@link #CIPHERTEXT_WITH_CLAIM_MAX_BYTES}; null otherwise (then the push reads them itself).
     */
    public record Job(URI endpoint, int attempts, Instant pushUntil, Transfer transfer, byte[] storedCiphertext) {
        public Job(URI endpoint, int attempts, Instant pushUntil, Transfer transfer) {
            this(endpoint, attempts, pushUntil, transfer, null);
        }

        public UUID transferId() {
            return transfer.id();
        }
    }

    /**
     * The largest payload read with its job's claim: a read of its own cost every push a round trip to the database,
     * and a claim round holds at most its batch of these in memory until they are pushed.
     */
    static final int CIPHERTEXT_WITH_CLAIM_MAX_BYTES = 256 << 10;

    /** The payload kept in the database, when small enough, for the claims' joins (transfer alias {@code t}). */
    private static final String STORED_CIPHERTEXT = "case when octet_length(p.ciphertext) <= "
            + CIPHERTEXT_WITH_CLAIM_MAX_BYTES + " then p.ciphertext end as stored_ciphertext";
    private static final String JOIN_STORED_CIPHERTEXT = " left join payload_inline p on p.payload_ref = t.payload_ref";

    /**
     * The claim's commit returns before its record is on the disk ({@code synchronous_commit} off for this one
     * transaction; {@code set_config}'s {@code true} ends the setting with it, so the connection's other
     * transactions stay durable). A claim only leases jobs: a crash of the database that loses it leaves them
     * unleased, and they are claimed and pushed again, as when an instance dies holding a lease. The push's
     * settlement commits durably, and its commit flushes the claim's record before its own. So a push no longer
     * waits for a flush before it starts. The claim's join reads this (as {@code lease_commit}), so that it is
     * evaluated whenever a job is claimed.
     */
    private static final String CLAIM_WITHOUT_WAITING_FOR_DISK =
            "lease_commit as (select set_config('synchronous_commit', 'off', true))";

    /** The transfer's columns in the claims' joins (alias {@code t}). */
    private static final String TRANSFER_COLUMNS = TransferRepository.columns("t");

    /** A job as the operator console shows it. */
    public record Pending(URI endpoint, int attempts, Instant nextAttemptAt, Instant pushUntil) {
    }

    /** A pending job with its transfer, for the console's list. */
    public record PendingFor(UUID transferId, Pending job) {
    }

    public DeliveryJobs(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The job's insert, to run in the transaction that stores the transfer. */
    public TransferRepository.InTransaction creating(UUID transferId, URI endpoint, Instant now) {
        return connection -> HeldWrites.write(connection, "insert into delivery_job (transfer_id, endpoint, "
                + "created_at, next_attempt_at, attempts) values (?, ?, ?, ?, 0)", insert -> {
                    insert.setObject(1, transferId);
                    insert.setString(2, endpoint.toString());
                    insert.setObject(3, utc(now));
                    insert.setObject(4, utc(now));
                });
    }

    /** Claims due jobs no other instance holds; a lease that runs out (its instance died) makes a job due again. */
    public List<Job> claimDue(Instant now, int limit, Duration lease) {
        return claimDue(now, limit, lease, java.util.Set.of());
    }

    /**
     * The same, leaving out the jobs for endpoints in {@code skip} (their lane is still busy). On PostgreSQL one
     * statement selects and leases them (rows another instance is claiming at that moment are skipped, not waited
     * for): one round trip and one commit per round rather than one per job. That commit does not wait for the disk
     * ({@link #CLAIM_WITHOUT_WAITING_FOR_DISK}).
     */
    public List<Job> claimDue(Instant now, int limit, Duration lease, java.util.Set<URI> skip) {
        try (Connection connection = dataSource.getConnection()) {
            if ("PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
                return claimInOneStatement(connection, now, limit, lease, skip);
            }
            return claimOneByOne(connection, now, limit, lease, skip);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim delivery jobs", e);
        }
    }

    private static List<Job> claimInOneStatement(Connection connection, Instant now, int limit, Duration lease,
            java.util.Set<URI> skip) throws SQLException {
        try (PreparedStatement claim = connection.prepareStatement("with " + CLAIM_WITHOUT_WAITING_FOR_DISK
                + ", claimed as (update delivery_job "
                + "set locked_until = ? where transfer_id in (select transfer_id from delivery_job "
                + "where next_attempt_at <= ? and (locked_until is null or locked_until < ?) "
                + "and not (endpoint = any (?)) order by next_attempt_at limit " + limit + " for update skip locked) "
                + "returning transfer_id, endpoint, attempts, push_until, next_attempt_at) "
                + "select c.endpoint, c.attempts, c.push_until, " + TRANSFER_COLUMNS + ", " + STORED_CIPHERTEXT
                + " from claimed c cross join lease_commit join transfer t on t.id = c.transfer_id"
                + JOIN_STORED_CIPHERTEXT + " order by c.next_attempt_at")) {
            claim.setObject(1, utc(now.plus(lease)));
            claim.setObject(2, utc(now));
            claim.setObject(3, utc(now));
            claim.setArray(4, connection.createArrayOf("varchar", skip.stream().map(URI::toString).toArray()));
            List<Job> claimed = new ArrayList<>();
            try (ResultSet rows = claim.executeQuery()) {
                while (rows.next()) {
                    claimed.add(job(rows));
                }
            }
            return claimed;
        }
    }

    private static List<Job> claimOneByOne(Connection connection, Instant now, int limit, Duration lease,
            java.util.Set<URI> skip) throws SQLException {
        List<Job> candidates = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("select j.endpoint, j.attempts, j.push_until, "
                + TRANSFER_COLUMNS + ", " + STORED_CIPHERTEXT + " from delivery_job j join transfer t "
                + "on t.id = j.transfer_id" + JOIN_STORED_CIPHERTEXT + " where j.next_attempt_at <= ? "
                + "and (j.locked_until is null or j.locked_until < ?) order by j.next_attempt_at limit " + limit)) {
            select.setObject(1, utc(now));
            select.setObject(2, utc(now));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    candidates.add(job(rows));
                }
            }
        }
        List<Job> claimed = new ArrayList<>();
        for (Job job : candidates) {
            if (skip.contains(job.endpoint())) {
                continue;
            }
            try (PreparedStatement claim = connection.prepareStatement("update delivery_job set locked_until = ? "
                    + "where transfer_id = ? and (locked_until is null or locked_until < ?)")) {
                claim.setObject(1, utc(now.plus(lease)));
                claim.setObject(2, job.transferId());
                claim.setObject(3, utc(now));
                if (claim.executeUpdate() == 1) {
                    claimed.add(job);
                }
            }
        }
        return claimed;
    }

    /** A job from a row of endpoint, attempts, push_until, the transfer's columns and the stored ciphertext. */
    private static Job job(ResultSet row) throws SQLException {
        return new Job(URI.create(row.getString(1)), row.getInt(2), instant(row.getObject(3, OffsetDateTime.class)),
                TransferRepository.read(row), row.getBytes("stored_ciphertext"));
    }

    /** The job's removal, to run in the transaction that settles the transfer. */
    public TransferRepository.InTransaction removing(UUID transferId) {
        return connection -> HeldWrites.write(connection, "delete from delivery_job where transfer_id = ?",
                delete -> delete.setObject(1, transferId));
    }

    public void remove(UUID transferId) {
        try (Connection connection = dataSource.getConnection()) {
            removing(transferId).run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot remove delivery job", e);
        }
    }

    /** The job's rescheduling after a failed attempt, to run with the attempt's timeline event. */
    public TransferRepository.InTransaction retrying(UUID transferId, int attempts, Instant next) {
        return connection -> {
            try (PreparedStatement update = connection.prepareStatement("update delivery_job set attempts = ?, "
                    + "next_attempt_at = ?, locked_until = null where transfer_id = ?")) {
                update.setInt(1, attempts);
                update.setObject(2, utc(next));
                update.setObject(3, transferId);
                update.executeUpdate();
            }
        };
    }

    /**
     * Makes the transfer's push due now, pushing until {@code pushUntil}: the job is rescheduled if it is still
     * there, or made anew (after pushing stopped at the deadline). To run with the operator's timeline event.
     */
    public TransferRepository.InTransaction retryingNow(UUID transferId, URI endpoint, Instant now,
            Instant pushUntil) {
        return connection -> {
            try (PreparedStatement update = connection.prepareStatement("update delivery_job set endpoint = ?, "
                    + "next_attempt_at = ?, push_until = ? where transfer_id = ?")) {
                update.setString(1, endpoint.toString());
                update.setObject(2, utc(now));
                update.setObject(3, utc(pushUntil));
                update.setObject(4, transferId);
                if (update.executeUpdate() == 1) {
                    return;
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into delivery_job (transfer_id, "
                    + "endpoint, created_at, next_attempt_at, attempts, push_until) values (?, ?, ?, ?, 0, ?)")) {
                insert.setObject(1, transferId);
                insert.setString(2, endpoint.toString());
                insert.setObject(3, utc(now));
                insert.setObject(4, utc(now));
                insert.setObject(5, utc(pushUntil));
                insert.executeUpdate();
            }
        };
    }

    /** The transfer's job, if pushing is still going on. */
    public java.util.Optional<Pending> find(UUID transferId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select endpoint, attempts, next_attempt_at, "
                        + "push_until from delivery_job where transfer_id = ?")) {
            select.setObject(1, transferId);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return java.util.Optional.empty();
                }
                return java.util.Optional.of(new Pending(URI.create(rows.getString(1)), rows.getInt(2),
                        instant(rows.getObject(3, OffsetDateTime.class)),
                        instant(rows.getObject(4, OffsetDateTime.class))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read delivery job", e);
        }
    }

    /** The pushes under way, those that failed most first, at most {@code limit}. */
    public List<PendingFor> pending(int limit) {
        List<PendingFor> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select transfer_id, endpoint, attempts, "
                        + "next_attempt_at, push_until from delivery_job order by attempts desc, created_at limit "
                        + limit);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new PendingFor(rows.getObject(1, UUID.class), new Pending(URI.create(rows.getString(2)),
                        rows.getInt(3), instant(rows.getObject(4, OffsetDateTime.class)),
                        instant(rows.getObject(5, OffsetDateTime.class)))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read delivery jobs", e);
        }
        return found;
    }

    /** How many pushes have failed at least once and are still being retried. */
    public long failing() {
        return count("select count(*) from delivery_job where attempts > 0");
    }

    public long pending() {
        return count("select count(*) from delivery_job");
    }

    private long count(String sql) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(sql);
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count delivery jobs", e);
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
