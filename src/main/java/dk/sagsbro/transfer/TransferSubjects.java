package dk.sagsbro.transfer;

import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.jdbc.Queries;
import dk.sagsbro.metadata.SubjectPseudonyms;

import javax.sql.DataSource;
import java.sql.PreparedStatement;
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
        return connection -> HeldWrites.writeEach(connection, "insert into transfer_subject "
                + "(transfer_id, role, position, pseudonym, party) values (?, ?, ?, ?, ?)", subjects,
                (insert, subject) -> {
                    insert.setObject(1, transferId);
                    insert.setString(2, subject.role().name());
                    insert.setInt(3, subject.position());
                    insert.setString(4, subject.pseudonym());
                    insert.setBoolean(5, subject.party());
                });
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
        return new LinkedHashSet<>(Queries.list(dataSource, "select s.transfer_id from transfer_subject s "
                + "join transfer t on t.id = s.transfer_id where s.pseudonym = ? order by t.received_at, t.id",
                statement -> statement.setString(1, pseudonym), rows -> rows.getObject(1, UUID.class),
                "a data subject's transfers"));
    }

    /** The positions (1-based, in case.json's list) of the transfer's children who are parties to their case. */
    public List<Integer> partyChildren(UUID transferId) {
        return Queries.list(dataSource, "select position from transfer_subject where transfer_id = ? "
                + "and role = 'CHILD' and party order by position", statement -> statement.setObject(1, transferId),
                rows -> rows.getInt(1), "a transfer's parties");
    }
}
