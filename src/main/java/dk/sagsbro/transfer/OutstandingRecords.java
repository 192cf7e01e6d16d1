package dk.sagsbro.transfer;

import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.jdbc.Queries;
import dk.sagsbro.metadata.RecordType;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Records announced to follow in a supplement, and which supplement brought each (outstanding_record). */
public final class OutstandingRecords {
    private final DataSource dataSource;

    public OutstandingRecords(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** One announced record; {@code fulfilledBy} is null while it is still outstanding. */
    public record Outstanding(RecordType type, Instant announcedAt, UUID fulfilledBy, Instant fulfilledAt) {
    }

    /** Stores a new transfer's announced records inside the transaction that stores the transfer. */
    public static TransferRepository.InTransaction announcing(UUID transferId, List<RecordType> types, Instant at) {
        List<Integer> positions = java.util.stream.IntStream.rangeClosed(1, types.size()).boxed().toList();
        return connection -> HeldWrites.writeEach(connection, "insert into outstanding_record "
                + "(transfer_id, position, record_type, announced_at) values (?, ?, ?, ?)", positions,
                (insert, position) -> {
                    insert.setObject(1, transferId);
                    insert.setInt(2, position);
                    insert.setString(3, types.get(position - 1).name());
                    insert.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                });
    }

    /** Gives a redirect's new transfer the records still outstanding on the one it continues. */
    public static TransferRepository.InTransaction copying(UUID from, UUID to) {
        return connection -> {
            try (PreparedStatement copy = connection.prepareStatement("insert into outstanding_record "
                    + "(transfer_id, position, record_type, announced_at) select ?, position, record_type, "
                    + "announced_at from outstanding_record where transfer_id = ? and fulfilled_by is null")) {
                copy.setObject(1, to);
                copy.setObject(2, from);
                copy.executeUpdate();
            }
        };
    }

    /**
     * Marks as brought, by {@code supplement}, every record of {@code transferId} still outstanding whose type the
     * supplement carries, and records each in the transfer's timeline, inside the supplement's transaction.
     */
    public static TransferRepository.InTransaction fulfilling(UUID transferId, UUID supplement,
            Set<RecordType> brought, Instant at) {
        return connection -> {
            List<RecordType> fulfilled = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("select position, record_type from "
                    + "outstanding_record where transfer_id = ? and fulfilled_by is null order by position "
                    + "for update")) {
                select.setObject(1, transferId);
                try (ResultSet rows = select.executeQuery(); PreparedStatement update = connection.prepareStatement(
                        "update outstanding_record set fulfilled_by = ?, fulfilled_at = ? where transfer_id = ? "
                                + "and position = ?")) {
                    while (rows.next()) {
                        RecordType type = RecordType.valueOf(rows.getString(2));
                        if (brought.contains(type)) {
                            update.setObject(1, supplement);
                            update.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                            update.setObject(3, transferId);
                            update.setInt(4, rows.getInt(1));
                            update.executeUpdate();
                            fulfilled.add(type);
                        }
                    }
                }
            }
            for (RecordType type : fulfilled) {
                TransferRepository.recordEvent(connection, transferId, new TransferEvent(at,
                        TransferEventType.RECORD_FOLLOWED, "gateway", type + " announced to follow was brought by "
                                + "supplement " + supplement));
            }
        };
    }

    /** The transfer's announced records, in the order announced. */
    public List<Outstanding> of(UUID transferId) {
        return Queries.list(dataSource, "select record_type, announced_at, fulfilled_by, fulfilled_at from "
                + "outstanding_record where transfer_id = ? order by position",
                statement -> statement.setObject(1, transferId), rows -> {
                    OffsetDateTime fulfilledAt = rows.getObject(4, OffsetDateTime.class);
                    return new Outstanding(RecordType.valueOf(rows.getString(1)),
                            rows.getObject(2, OffsetDateTime.class).toInstant(), rows.getObject(3, UUID.class),
                            fulfilledAt == null ? null : fulfilledAt.toInstant());
                }, "outstanding records");
    }
}
