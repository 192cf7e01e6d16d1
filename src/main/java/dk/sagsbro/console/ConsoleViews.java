package dk.sagsbro.console;

import dk.sagsbro.metadata.CprNumbers;
import dk.sagsbro.operations.ResponseShares;
import dk.sagsbro.transfer.DeadlineKind;
import dk.sagsbro.transfer.TransferEventType;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the console's templates show, shaped for them: times in Danish local time, free text masked. */
public final class ConsoleViews {
    static final ZoneId DANISH = ZoneId.of("Europe/Copenhagen");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private ConsoleViews() {
    }

    /**
     * What every page has: its title, who is logged in, the municipality names, how often it reloads itself (0:
     * never; paused by the operator), and where it is, for the language switch to come back to.
     */
    public record Page(String title, String operator, int refreshSeconds, boolean refreshPaused, String here,
            Map<String, String> names) {
        /** "Albertslund (165)". */
        public String municipality(String code) {
            return names.getOrDefault(code, "?") + " (" + code + ")";
        }
    }

    /** One entry in a timeline, its detail masked. */
    public record Event(String at, TransferEventType type, String actor, String detail) {
    }

    /** A deadline and how the transfer stands against it. */
    public record DeadlineRow(DeadlineKind kind, String due, String standing, boolean late) {
    }

    /** One bar of a chart: where it is drawn and what it says. */
    public record Bar(int x, int y, int height, String percent, String tip) {
    }

    /** One month's pair of bars. */
    public record Column(String label, int labelX, Bar acknowledged, Bar takenOver) {
    }

    /** One municipality's shares, as numbers and small bars. */
    public record ShareRow(String receiver, String acknowledged, int acknowledgedWidth, String takenOver,
            int takenOverWidth) {
    }

    static final int CHART_TOP = 10;
    static final int CHART_BOTTOM = 210;
    static final int CHART_LEFT = 50;
    static final int COLUMN_WIDTH = 60;
    static final int BAR_WIDTH = 22;

    static List<Column> columns(Map<YearMonth, ResponseShares.Shares> months, ConsoleMessages text) {
        List<Column> columns = new ArrayList<>();
        int x = CHART_LEFT;
        for (Map.Entry<YearMonth, ResponseShares.Shares> month : months.entrySet()) {
            String label = month.getKey().toString();
            columns.add(new Column(label, x + COLUMN_WIDTH / 2,
                    bar(x + 6, month.getValue().acknowledgedIn24Hours(), label + ": " + text.ackWithin24(), text),
                    bar(x + 6 + BAR_WIDTH + 2, month.getValue().takenOverIn6WorkingDays(),
                            label + ": " + text.takenOverWithin6(), text)));
            x += COLUMN_WIDTH;
        }
        return columns;
    }

    static int chartWidth(int columns) {
        return CHART_LEFT + columns * COLUMN_WIDTH + 10;
    }

    static ShareRow shareRow(String receiver, ResponseShares.Shares shares, ConsoleMessages text) {
        return new ShareRow(receiver, describe(shares.acknowledgedIn24Hours(), text),
                Math.max(0, shares.acknowledgedIn24Hours().percent()),
                describe(shares.takenOverIn6WorkingDays(), text),
                Math.max(0, shares.takenOverIn6WorkingDays().percent()));
    }

    private static Bar bar(int x, ResponseShares.Share share, String what, ConsoleMessages text) {
        int percent = share.percent();
        int height = percent < 0 ? 0 : (CHART_BOTTOM - CHART_TOP) * percent / 100;
        return new Bar(x, CHART_BOTTOM - height, height, percent < 0 ? "–" : percent + "%",
                what + ": " + describe(share, text));
    }

    static String describe(ResponseShares.Share share, ConsoleMessages text) {
        return share.counted() == 0 ? text.noTransfersYet()
                : text.shareOf(share.percent(), share.met(), share.counted());
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant.atZone(DANISH));
    }

    /** "3 h 12 min" (Danish "3 t 12 min") */
    static String age(Instant since, Instant now, ConsoleMessages text) {
        if (since == null) {
            return "";
        }
        Duration age = Duration.between(since, now);
        if (age.toDays() > 0) {
            return text.ageDays(age.toDays(), age.toHoursPart());
        }
        if (age.toHours() > 0) {
            return text.ageHours(age.toHours(), age.toMinutesPart());
        }
        return text.ageMinutes(Math.max(0, age.toMinutes()));
    }

    static String masked(String text) {
        return CprNumbers.mask(text);
    }
}
