package dk.sagsbro.acknowledgement;

import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.transfer.TransferRepository;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Signed acknowledgements in the database, one of each kind per transfer. */
public final class AcknowledgementRepository {
    private static final String COLUMNS = "id, transfer_id, kind, received_at, signed_by, reason_code, reason_text, "
            + "right_municipality, signed_digest";

    private final DataSource dataSource;

    public AcknowledgementRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The insert, to run inside the transaction that changes the transfer's state. */
    TransferRepository.InTransaction inserting(StoredAcknowledgement a, byte[] signed) {
        return connection -> HeldWrites.write(connection, "insert into acknowledgement (" + COLUMNS
                + ", signed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", insert -> {
                insert.setObject(1, a.id());
                insert.setObject(2, a.transferId());
                insert.setString(3, a.kind().name());
                insert.setObject(4, OffsetDateTime.ofInstant(a.receivedAt(), ZoneOffset.UTC));
                insert.setString(5, a.signedBy());
                insert.setString(6, a.reasonCode() == null ? null : a.reasonCode().name());
                insert.setString(7, a.reasonText());
                insert.setString(8, a.rightMunicipality());
                insert.setString(9, a.signedDigest());
                insert.setBytes(10, signed);
            });
    }

    public List<StoredAcknowledgement> list(UUID transferId) {
        return query("select " + COLUMNS + " from acknowledgement where transfer_id = ? order by received_at",
                transferId, null);
    }

    public Optional<StoredAcknowledgement> find(UUID transferId, AcknowledgementKind kind) {
        return query("select " + COLUMNS + " from acknowledgement where transfer_id = ? and kind = ?", transferId,
                kind.name()).stream().findFirst();
    }

    public Optional<byte[]> signed(UUID transferId, UUID acknowledgementId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select signed from acknowledgement where transfer_id = ? and id = ?")) {
            select.setObject(1, transferId);
            select.setObject(2, acknowledgementId);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read acknowledgement", e);
        }
    }

    private List<StoredAcknowledgement> query(String sql, UUID transferId, String kind) {
        List<StoredAcknowledgement> found = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setObject(1, transferId);
            if (kind != null) {
                select.setString(2, kind);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String reason = rows.getString("reason_code");
                    found.add(new StoredAcknowledgement(rows.getObject("id", UUID.class),
                            rows.getObject("transfer_id", UUID.class), AcknowledgementKind.valueOf(rows.getString("kind")),
                            rows.getObject("received_at", OffsetDateTime.class).toInstant(), rows.getString("signed_by"),
                            reason == null ? null : RejectionReason.valueOf(reason), rows.getString("reason_text"),
                            rows.getString("right_municipality"), rows.getString("signed_digest")));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read acknowledgements", e);
        }
        return found;
    }
}
