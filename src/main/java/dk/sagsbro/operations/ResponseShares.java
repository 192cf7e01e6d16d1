package dk.sagsbro.operations;

import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.transfer.TransferLifecycle;
import dk.sagsbro.transfer.TransferStatus;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * How promptly receivers answer, per month of delivery and per receiving municipality: the share of delivered
 * transfers acknowledged within 24 hours, and the share taken over within 6 working days.
 *
 * <p>A transfer counts once its outcome is known: answered, or its window has passed unanswered. A receipt answer
 * is the first signed RECEIVED, TAKEN_OVER or REJECTED acknowledgement. Cancelled transfers are left out; rejected
 * and redirected ones, orientations and supplements are left out of the take-over share (the receiver rightly never
 * takes them over).
 */
public final class ResponseShares {
    public static final Duration ACKNOWLEDGEMENT_WINDOW = Duration.ofHours(24);
    private static final ZoneId DANISH = ZoneId.of("Europe/Copenhagen");

    private final DataSource dataSource;
    private final DeadlinePolicy policy;
    private final DanishWorkingDays calendar;

    /** Of {@code counted} transfers whose outcome is known, {@code met} were answered in time. */
    public record Share(long met, long counted) {
        public static final Share NONE = new Share(0, 0);

        /** 0–100, or -1 when nothing was counted. */
        public int percent() {
            return counted == 0 ? -1 : (int) Math.round(100.0 * met / counted);
        }

        Share plus(boolean inTime) {
            return new Share(met + (inTime ? 1 : 0), counted + 1);
        }

        Share plus(Share other) {
            return new Share(met + other.met, counted + other.counted);
        }
    }

    /** The two shares for one month or one municipality. */
    public record Shares(Share acknowledgedIn24Hours, Share takenOverIn6WorkingDays) {
        static final Shares NONE = new Shares(Share.NONE, Share.NONE);

        Shares plus(Shares other) {
            return new Shares(acknowledgedIn24Hours.plus(other.acknowledgedIn24Hours),
                    takenOverIn6WorkingDays.plus(other.takenOverIn6WorkingDays));
        }
    }

    /** One delivered transfer's outcome. */
    record Outcome(String receiver, YearMonth month, Boolean acknowledgedInTime, Boolean takenOverInTime) {
        Shares shares() {
            return new Shares(acknowledgedInTime == null ? Share.NONE : Share.NONE.plus(acknowledgedInTime),
                    takenOverInTime == null ? Share.NONE : Share.NONE.plus(takenOverInTime));
        }
    }

    public ResponseShares(DataSource dataSource, DeadlinePolicy policy, DanishWorkingDays calendar) {
        this.dataSource = dataSource;
        this.policy = policy;
        this.calendar = calendar;
    }

    /** Both views of one reading: per month (for one receiver, or all when null) and per receiver. */
    public record Summary(Map<YearMonth, Shares> perMonth, Map<String, Shares> perReceiver) {
    }

    public Summary summary(YearMonth first, YearMonth last, String receiver, Instant now) {
        List<Outcome> outcomes = outcomes(first, last, now);
        return new Summary(perMonth(first, last, receiver, outcomes), perReceiver(outcomes));
    }

    /** Per month from {@code first} to {@code last}, every month present; for one receiver or, when null, all. */
    public Map<YearMonth, Shares> perMonth(YearMonth first, YearMonth last, String receiver, Instant now) {
        return perMonth(first, last, receiver, outcomes(first, last, now));
    }

    private static Map<YearMonth, Shares> perMonth(YearMonth first, YearMonth last, String receiver,
            List<Outcome> outcomes) {
        Map<YearMonth, Shares> months = new TreeMap<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            months.put(month, Shares.NONE);
        }
        for (Outcome outcome : outcomes) {
            if (receiver == null || receiver.equals(outcome.receiver())) {
                months.merge(outcome.month(), outcome.shares(), Shares::plus);
            }
        }
        return months;
    }

    /** Per receiving municipality with any transfer delivered from {@code first} to {@code last}. */
    public Map<String, Shares> perReceiver(YearMonth first, YearMonth last, Instant now) {
        return perReceiver(outcomes(first, last, now));
    }

    private static Map<String, Shares> perReceiver(List<Outcome> outcomes) {
        return outcomes.stream().collect(Collectors.groupingBy(Outcome::receiver, TreeMap::new,
                Collectors.reducing(Shares.NONE, Outcome::shares, Shares::plus)));
    }

    List<Outcome> outcomes(YearMonth first, YearMonth last, Instant now) {
        Instant from = first.atDay(1).atStartOfDay(DANISH).toInstant();
        Instant until = last.plusMonths(1).atDay(1).atStartOfDay(DANISH).toInstant();
        List<Outcome> outcomes = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                // One pass over the timelines: the first delivery, the first answer and the take-over per transfer.
                PreparedStatement select = connection.prepareStatement("select t.receiver_code, t.kind, t.status, "
                        + "min(case when e.type = 'DELIVERED' then e.occurred_at end) as delivered_at, "
                        + "min(case when e.type in ('ACKNOWLEDGED', 'TAKEN_OVER', 'REJECTED') then e.occurred_at end) "
                        + "as answered_at, min(case when e.type = 'TAKEN_OVER' then e.occurred_at end) as taken_over_at "
                        + "from transfer t join transfer_event e on e.transfer_id = t.id "
                        + "where t.status <> '" + TransferStatus.CANCELLED + "' "
                        + "and e.type in ('DELIVERED', 'ACKNOWLEDGED', 'TAKEN_OVER', 'REJECTED') "
                        + "group by t.id, t.receiver_code, t.kind, t.status "
                        + "having min(case when e.type = 'DELIVERED' then e.occurred_at end) >= ? "
                        + "and min(case when e.type = 'DELIVERED' then e.occurred_at end) < ?")) {
            select.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            select.setObject(2, OffsetDateTime.ofInstant(until, ZoneOffset.UTC));
            try (ResultSet rows = select.executeQuery()) {
                Function<String, Instant> at = column -> {
                    try {
                        OffsetDateTime time = rows.getObject(column, OffsetDateTime.class);
                        return time == null ? null : time.toInstant();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                };
                while (rows.next()) {
                    Instant delivered = at.apply("delivered_at");
                    TransferStatus status = TransferStatus.valueOf(rows.getString("status"));
                    boolean neverTakenOver = status == TransferStatus.REJECTED
                            || status == TransferStatus.REDIRECTED
                            || !TransferLifecycle.takenOver(TransferKind.valueOf(rows.getString("kind")));
                    outcomes.add(new Outcome(rows.getString("receiver_code"),
                            YearMonth.from(delivered.atZone(DANISH)),
                            inTime(at.apply("answered_at"), delivered.plus(ACKNOWLEDGEMENT_WINDOW), now),
                            neverTakenOver ? null : inTime(at.apply("taken_over_at"),
                                    policy.takenOver(delivered, calendar).due(), now)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read response times", e);
        }
        return outcomes;
    }

    /** Whether the answer came by the due time; null while that is not yet known. */
    private static Boolean inTime(Instant answered, Instant due, Instant now) {
        if (answered != null) {
            return !answered.isAfter(due);
        }
        return now.isAfter(due) ? Boolean.FALSE : null;
    }
}
