package dk.sagsbro.operations;

import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.transfer.TransferStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The operators' read model: transfers by state and by how they stand against their deadlines, per receiving
 * municipality, and filtered lists. Metadata only; the database holds no CPR number or document content.
 */
public final class TransferQueues {
    /** Transfers in which the receiver still has a step to take, as SQL over the alias {@code t}. */
    static final String OPEN = TransferLifecycle.sqlStanding("t", TransferLifecycle.Standing.OPEN);

    /** The standing as SQL over the alias {@code t}, from the notices the deadline watch recorded once each. */
    static final String STANDING = "case when not " + OPEN + " then 'CLOSED' "
            + "when " + recorded("overdue", "=") + " then 'OVERDUE' "
            + "when " + recorded("reminder-%", "like") + " then 'REMINDED' else 'ON_TIME' end";

    private static final String ROW = "select t.id, t.kind, t.status, t.sender_code, t.receiver_code, t.urgent, "
            + "t.received_at, " + STANDING + " as standing from transfer t";

    private final DataSource dataSource;

    /** One transfer in a queue or list. */
    public record Row(UUID id, TransferKind kind, TransferStatus status, String sender, String receiver,
            boolean urgent, Instant receivedAt, DeadlineStanding standing) {
    }

    /** What the operator filters a list by; null or false means "any". */
    public record Filter(TransferStatus status, String municipality, DeadlineStanding standing, boolean urgentOnly,
            Instant receivedFrom, Instant receivedBefore) {
        public static final Filter ANY = new Filter(null, null, null, false, null, null);
    }

    public record Page(List<Row> rows, long total) {
    }

    /** One receiving municipality's queue: what waits for it, and how late. */
    public record Queue(String receiver, long waiting, long awaitingTakeOver, long reminded, long overdue,
            Instant oldestWaiting) {
    }

    /** The queues at a glance. */
    public record Overview(Map<TransferStatus, Long> byState, Map<DeadlineStanding, Long> byStanding,
            Optional<Row> oldestWaiting, List<Queue> queues) {
        public long overdue() {
            return byStanding.getOrDefault(DeadlineStanding.OVERDUE, 0L);
        }
    }

    public TransferQueues(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Overview overview() {
        Map<TransferStatus, Long> byState = countsByState();
        List<Row> open = rows(ROW + " where " + OPEN + " order by t.received_at, t.id",
                List.of());
        Map<DeadlineStanding, Long> byStanding = new EnumMap<>(DeadlineStanding.class);
        for (DeadlineStanding standing : List.of(DeadlineStanding.ON_TIME, DeadlineStanding.REMINDED,
                DeadlineStanding.OVERDUE)) {
            byStanding.put(standing, open.stream().filter(r -> r.standing() == standing).count());
        }
        Optional<Row> oldestWaiting = open.stream().filter(r -> TransferLifecycle.waitingForReceiver(r.status())).findFirst();
        List<Queue> queues = open.stream().collect(Collectors.groupingBy(Row::receiver)).entrySet().stream()
                .map(e -> queue(e.getKey(), e.getValue()))
                .sorted((a, b) -> a.overdue() != b.overdue() ? Long.compare(b.overdue(), a.overdue())
                        : a.receiver().compareTo(b.receiver()))
                .toList();
        return new Overview(byState, byStanding, oldestWaiting, queues);
    }

    public Map<TransferStatus, Long> countsByState() {
        Map<TransferStatus, Long> counts = new EnumMap<>(TransferStatus.class);
        for (TransferStatus status : TransferStatus.values()) {
            counts.put(status, 0L);
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select status, count(*) from transfer group by status");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                counts.put(TransferStatus.valueOf(rows.getString(1)), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count transfers", e);
        }
        return counts;
    }

    /** Newest first. */
    public Page search(Filter filter, long offset, int limit) {
        List<String> conditions = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        if (filter.status() != null) {
            conditions.add("t.status = ?");
            values.add(filter.status().name());
        }
        if (filter.municipality() != null) {
            conditions.add("(t.sender_code = ? or t.receiver_code = ?)");
            values.add(filter.municipality());
            values.add(filter.municipality());
        }
        if (filter.standing() != null) {
            conditions.add(STANDING + " = ?");
            values.add(filter.standing().name());
        }
        if (filter.urgentOnly()) {
            conditions.add("t.urgent = true");
        }
        if (filter.receivedFrom() != null) {
            conditions.add("t.received_at >= ?");
            values.add(utc(filter.receivedFrom()));
        }
        if (filter.receivedBefore() != null) {
            conditions.add("t.received_at < ?");
            values.add(utc(filter.receivedBefore()));
        }
        String where = conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions);
        List<Row> rows = rows(ROW + where + " order by t.received_at desc, t.id limit " + limit + " offset " + offset,
                values);
        try (Connection connection = dataSource.getConnection();
                PreparedStatement count = connection.prepareStatement("select count(*) from transfer t" + where)) {
            bind(count, values);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                return new Page(rows, result.getLong(1));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count transfers", e);
        }
    }

    public Optional<Row> find(UUID id) {
        return rows(ROW + " where t.id = ?", List.of(id)).stream().findFirst();
    }

    private static Queue queue(String receiver, List<Row> open) {
        return new Queue(receiver,
                open.stream().filter(r -> TransferLifecycle.waitingForReceiver(r.status())).count(),
                open.stream().filter(r -> r.status() == TransferStatus.ACKNOWLEDGED).count(),
                open.stream().filter(r -> r.standing() == DeadlineStanding.REMINDED).count(),
                open.stream().filter(r -> r.standing() == DeadlineStanding.OVERDUE).count(),
                open.stream().filter(r -> TransferLifecycle.waitingForReceiver(r.status())).map(Row::receivedAt).findFirst()
                        .orElse(null));
    }

    private List<Row> rows(String sql, List<Object> values) {
        List<Row> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            bind(select, values);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(new Row(rows.getObject("id", UUID.class), TransferKind.valueOf(rows.getString("kind")),
                            TransferStatus.valueOf(rows.getString("status")), rows.getString("sender_code"),
                            rows.getString("receiver_code"), rows.getBoolean("urgent"),
                            rows.getObject("received_at", OffsetDateTime.class).toInstant(),
                            DeadlineStanding.valueOf(rows.getString("standing"))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read transfers", e);
        }
        return found;
    }

    private static void bind(PreparedStatement statement, List<Object> values) throws SQLException {
        for (int i = 0; i < values.size(); i++) {
            statement.setObject(i + 1, values.get(i));
        }
    }

    /**
     * Whether the watch recorded a notice matching {@code step} for a deadline the transfer's present state still
     * runs against (a delivery reminder no longer counts once the packet is delivered).
     */
    private static String recorded(String step, String operator) {
        String perState = Arrays.stream(TransferKind.values()).flatMap(kind -> Arrays.stream(TransferStatus.values())
                .filter(status -> !TransferLifecycle.deadlines(kind, status).isEmpty())
                .map(status -> "(t.kind = '" + kind + "' and t.status = '" + status + "' and ("
                        + TransferLifecycle.deadlines(kind, status).stream().map(deadline -> "e.once_key " + operator
                                + " '" + deadline + ":" + step + "'").collect(Collectors.joining(" or ")) + "))"))
                .collect(Collectors.joining(" or "));
        return "exists (select 1 from transfer_event e where e.transfer_id = t.id and e.once_key is not null and ("
                + perState + "))";
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
