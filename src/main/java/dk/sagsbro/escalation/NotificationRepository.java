package dk.sagsbro.escalation;

import dk.sagsbro.transfer.TransferRepository;

import javax.sql.DataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The notification outbox: what is to be posted to which webhook, and how far each has got. */
public final class NotificationRepository {
    private static final com.fasterxml.jackson.databind.ObjectMapper SUBJECT_READER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final DataSource dataSource;

    /** A notification to send. */
    public record Notification(UUID id, UUID transferId, URI webhook, String payload, int attempts) {
    }

    /** A notification with how far it has got, as the operator console shows it. */
    public record Sent(UUID id, URI webhook, String subject, Instant createdAt, int attempts, Instant sentAt,
            String lastError) {
    }

    public NotificationRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Inserts one notification per webhook, inside the transaction that records what they report. */
    public TransferRepository.InTransaction enqueuing(UUID transferId, List<URI> webhooks, String payload,
            Instant now) {
        return connection -> {
            for (URI webhook : webhooks) {
                try (PreparedStatement insert = connection.prepareStatement("insert into notification (id, "
                        + "transfer_id, webhook, payload, created_at, next_attempt_at, attempts) "
                        + "values (?, ?, ?, ?, ?, ?, 0)")) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setObject(2, transferId);
                    insert.setString(3, webhook.toString());
                    insert.setString(4, payload);
                    insert.setObject(5, utc(now));
                    insert.setObject(6, utc(now));
                    insert.executeUpdate();
                }
            }
        };
    }

    /** The transfer's notifications, oldest first. */
    public List<Sent> forTransfer(UUID transferId) {
        List<Sent> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select id, webhook, payload, created_at, "
                        + "attempts, sent_at, last_error from notification where transfer_id = ? "
                        + "order by created_at, id")) {
            select.setObject(1, transferId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    OffsetDateTime sentAt = rows.getObject(6, OffsetDateTime.class);
                    found.add(new Sent(rows.getObject(1, UUID.class), URI.create(rows.getString(2)),
                            subjectOf(rows.getString(3)), rows.getObject(4, OffsetDateTime.class).toInstant(),
                            rows.getInt(5), sentAt == null ? null : sentAt.toInstant(), rows.getString(7)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read notifications", e);
        }
        return found;
    }

    /**
     * A new notification with the same webhook and content as {@code original}, due now: to run with the timeline
     * event that records who asked for it. Nothing is inserted unless the original belongs to the transfer.
     *
     * @return the work, which fails when there is no such notification for the transfer
     */
    public TransferRepository.InTransaction resending(UUID transferId, UUID original, Instant now) {
        return connection -> {
            try (PreparedStatement copy = connection.prepareStatement("insert into notification (id, transfer_id, "
                    + "webhook, payload, created_at, next_attempt_at, attempts) select ?, transfer_id, webhook, "
                    + "payload, ?, ?, 0 from notification where id = ? and transfer_id = ?")) {
                copy.setObject(1, UUID.randomUUID());
                copy.setObject(2, utc(now));
                copy.setObject(3, utc(now));
                copy.setObject(4, original);
                copy.setObject(5, transferId);
                if (copy.executeUpdate() != 1) {
                    throw new SQLException("no notification " + original + " for transfer " + transferId);
                }
            }
        };
    }

    private static String subjectOf(String payload) {
        try {
            return SUBJECT_READER.readTree(payload).path("subject").asText("");
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /**
     * Claims up to {@code limit} notifications that are due and not claimed by another instance, for
     * {@code lease}; a claim that is not settled (the instance died) runs out and the notification is due again.
     */
    public List<Notification> claimDue(Instant now, int limit, java.time.Duration lease) {
        return claimDue(now, limit, lease, java.util.Set.of());
    }

    /** The same, leaving out the notifications for webhooks in {@code skip} (their lane is still busy). */
    public List<Notification> claimDue(Instant now, int limit, java.time.Duration lease,
            java.util.Set<URI> skip) {
        List<Notification> candidates = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement select = connection.prepareStatement("select id, transfer_id, webhook, payload, "
                    + "attempts from notification where sent_at is null and next_attempt_at <= ? and "
                    + "(locked_until is null or locked_until < ?) order by next_attempt_at limit " + limit)) {
                select.setObject(1, utc(now));
                select.setObject(2, utc(now));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        candidates.add(new Notification(rows.getObject(1, UUID.class), rows.getObject(2, UUID.class),
                                URI.create(rows.getString(3)), rows.getString(4), rows.getInt(5)));
                    }
                }
            }
            List<Notification> claimed = new ArrayList<>();
            for (Notification candidate : candidates) {
                if (skip.contains(candidate.webhook())) {
                    continue;
                }
                try (PreparedStatement claim = connection.prepareStatement("update notification set locked_until = ?"
                        + " where id = ? and sent_at is null and (locked_until is null or locked_until < ?)")) {
                    claim.setObject(1, utc(now.plus(lease)));
                    claim.setObject(2, candidate.id());
                    claim.setObject(3, utc(now));
                    if (claim.executeUpdate() == 1) {
                        claimed.add(candidate);
                    }
                }
            }
            return claimed;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim notifications", e);
        }
    }

    public void sent(UUID id, Instant now) {
        update("update notification set sent_at = ?, locked_until = null where id = ?", utc(now), id);
    }

    public void failed(UUID id, int attempts, Instant nextAttempt, String error) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("update notification set attempts = ?, "
                        + "next_attempt_at = ?, locked_until = null, last_error = ? where id = ?")) {
            update.setInt(1, attempts);
            update.setObject(2, utc(nextAttempt));
            update.setString(3, error.length() > 500 ? error.substring(0, 500) : error);
            update.setObject(4, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record a failed notification", e);
        }
    }

    /** A notification not yet accepted, with its transfer, for the console's list. */
    public record Unsent(UUID transferId, Sent notification, Instant nextAttemptAt) {
    }

    /** The notifications not yet accepted, those that failed most first, at most {@code limit}. */
    public List<Unsent> unsent(int limit) {
        List<Unsent> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select id, transfer_id, webhook, payload, "
                        + "created_at, attempts, last_error, next_attempt_at from notification where sent_at is null "
                        + "order by attempts desc, created_at limit " + limit);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new Unsent(rows.getObject(2, UUID.class), new Sent(rows.getObject(1, UUID.class),
                        URI.create(rows.getString(3)), subjectOf(rows.getString(4)),
                        rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getInt(6), null, rows.getString(7)),
                        rows.getObject(8, OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read notifications", e);
        }
        return found;
    }

    /** How many notifications wait to be sent. */
    public long unsent() {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement(
                        "select count(*) from notification where sent_at is null");
                ResultSet rows = count.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count notifications", e);
        }
    }

    private void update(String sql, OffsetDateTime time, UUID id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, time);
            update.setObject(2, id);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update notification", e);
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
