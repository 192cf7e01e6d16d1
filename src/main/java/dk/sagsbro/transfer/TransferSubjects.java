package dk.sagsbro.transfer;

import dk.sagsbro.metadata.SubjectPseudonyms;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The pseudonymised persons each transfer concerns (transfer_subject). */
public final class TransferSubjects {
    private final DataSource dataSource;

    public TransferSubjects(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Stores a new transfer's subjects inside the transaction that stores the transfer. */
    public static TransferRepository.InTransaction inserting(UUID transferId, List<SubjectPseudonyms.Subject> subjects) {
        return connection -> {
            try (PreparedStatement insert = connection.prepareStatement("insert into transfer_subject "
                    + "(transfer_id, role, position, pseudonym, party) values (?, ?, ?, ?, ?)")) {
                for (SubjectPseudonyms.Subject subject : subjects) {
                    insert.setObject(1, transferId);
                    insert.setString(2, subject.role().name());
                    insert.setInt(3, subject.position());
                    insert.setString(4, subject.pseudonym());
                    insert.setBoolean(5, subject.party());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        };
    }

    /** Gives a redirect's new transfer the subjects of the one it continues, inside the redirect's transaction. */
    public static TransferRepository.InTransaction copying(UUID from, UUID to) {
        return connection -> {
            try (PreparedStatement copy = connection.prepareStatement("insert into transfer_subject "
                    + "(transfer_id, role, position, pseudonym, party) "
                    + "select ?, role, position, pseudonym, party from transfer_subject where transfer_id = ?")) {
                copy.setObject(1, to);
                copy.setObject(2, from);
                copy.executeUpdate();
            }
        };
    }

    /** The transfers concerning the person with this pseudonym, oldest first. */
    public Set<UUID> transfersOf(String pseudonym) {
        Set<UUID> found = new LinkedHashSet<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select s.transfer_id from transfer_subject s "
                        + "join transfer t on t.id = s.transfer_id where s.pseudonym = ? order by t.received_at, t.id")) {
            select.setString(1, pseudonym);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up a data subject", e);
        }
        return found;
    }

    /** The positions (1-based, in case.json's list) of the transfer's children who are parties to their case. */
    public List<Integer> partyChildren(UUID transferId) {
        List<Integer> positions = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select position from transfer_subject "
                        + "where transfer_id = ? and role = 'CHILD' and party order by position")) {
            select.setObject(1, transferId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    positions.add(rows.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a transfer's parties", e);
        }
        return positions;
    }
}
