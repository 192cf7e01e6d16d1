package dk.sagsbro.faults;

import software.amazon.awssdk.services.s3.model.S3Object;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the database and the object store say happened, for the scenarios' invariants. */
final class Ledger {
    private final Cluster cluster;

    Ledger(Cluster cluster) {
        this.cluster = cluster;
    }

    Map<String, String> statuses() throws SQLException {
        Map<String, String> statuses = new HashMap<>();
        try (Connection connection = cluster.database().getConnection();
                PreparedStatement select = connection.prepareStatement("select id, status from transfer");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                statuses.put(rows.getString(1), rows.getString(2));
            }
        }
        return statuses;
    }

    /** Waits until every one of {@code ids} stands in {@code status}; returns those that do not. */
    Set<String> awaitStatus(Set<String> ids, String status, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        Set<String> missing;
        do {
            Map<String, String> statuses = statuses();
            missing = new HashSet<>();
            for (String id : ids) {
                if (!status.equals(statuses.get(id))) {
                    missing.add(id);
                }
            }
            if (missing.isEmpty()) {
                return missing;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        return missing;
    }

    /**
     * Business events recorded more than once for one transfer: received, delivered, acknowledged, taken over,
     * switched to the inbox (events a transfer has at most once); a deadline notice twice for one deadline (its once
     * key); and notifications of one subject to one webhook for one transfer, except those that may repeat by design
     * (chases, and overdue notices, one per deadline).
     */
    int businessDuplicates() throws SQLException {
        int duplicates = 0;
        try (Connection connection = cluster.database().getConnection()) {
            try (PreparedStatement select = connection.prepareStatement("select coalesce(sum(n - 1), 0) from "
                    + "(select count(*) n from transfer_event where type in ('RECEIVED', 'DELIVERED', "
                    + "'ACKNOWLEDGED', 'DELIVERY_SWITCHED_TO_INBOX', 'TAKEN_OVER') group by transfer_id, type "
                    + "union all select count(*) n from transfer_event where once_key is not null "
                    + "group by transfer_id, once_key) counts");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                duplicates += rows.getInt(1);
            }
            try (PreparedStatement select = connection.prepareStatement("select coalesce(sum(n - 1), 0) from "
                    + "(select count(*) n from notification where cast(payload as json)->>'subject' not in "
                    + "('DEADLINE_CHASED', 'DEADLINE_OVERDUE', 'DEADLINE_REMINDER') "
                    + "group by transfer_id, webhook, cast(payload as json)->>'subject' "
                    + "union all select count(*) n from notification where cast(payload as json)->>'subject' in "
                    + "('DEADLINE_OVERDUE', 'DEADLINE_REMINDER') group by transfer_id, webhook, "
                    + "cast(payload as json)->>'subject', cast(payload as json)->>'deadline', "
                    + "cast(payload as json)->>'percentElapsed') counts");
                    ResultSet rows = select.executeQuery()) {
                rows.next();
                duplicates += rows.getInt(1);
            }
        }
        return duplicates;
    }

    int count(String sql) throws SQLException {
        try (Connection connection = cluster.database().getConnection();
                PreparedStatement select = connection.prepareStatement(sql);
                ResultSet rows = select.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    /** Packet objects no transfer refers to, and multipart uploads never completed. */
    int orphans() throws SQLException {
        Set<String> referenced = new HashSet<>();
        try (Connection connection = cluster.database().getConnection();
                PreparedStatement select = connection.prepareStatement("select payload_ref from transfer");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                referenced.add(rows.getString(1));
            }
        }
        var s3 = cluster.objectStore().client();
        int orphans = 0;
        for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(cluster.bucket()).prefix("payloads/"))
                .contents()) {
            if (!referenced.contains(object.key().substring("payloads/".length()))) {
                orphans++;
            }
        }
        orphans += s3.listMultipartUploads(r -> r.bucket(cluster.bucket()).prefix("payloads/")).uploads().size();
        return orphans;
    }

    /** Waits for the orphan sweep (its grace and interval are short in the harness) to leave nothing behind. */
    int awaitNoOrphans(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        int orphans = orphans();
        while (orphans > 0 && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            orphans = orphans();
        }
        return orphans;
    }
}
