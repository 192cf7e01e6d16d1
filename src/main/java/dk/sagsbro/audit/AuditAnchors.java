package dk.sagsbro.audit;

import dk.sagsbro.signature.CmsSigner;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Signed anchors of the audit chain's head, and the verification of the whole trail. The chain alone shows a changed
 * or removed entry in the middle; only an anchor, signed by the gateway and also written to the log (which operators
 * ship elsewhere), shows that entries were cut off the end.
 */
public final class AuditAnchors {
    private static final System.Logger LOG = System.getLogger(AuditAnchors.class.getName());
    private static final int PAGE = 1000;

    private final DataSource dataSource;
    private final AuditTrail trail;
    private final CmsSigner gatewaySigner;
    private final Clock clock;

    public AuditAnchors(DataSource dataSource, AuditTrail trail, CmsSigner gatewaySigner, Clock clock) {
        this.dataSource = dataSource;
        this.trail = trail;
        this.gatewaySigner = gatewaySigner;
        this.clock = clock;
    }

    /** One signed anchor. */
    public record Anchor(long seq, String hash, Instant anchoredAt, byte[] signature) {
    }

    /**
     * Seals what is committed, then signs the chain's head, unless it is already anchored. Several instances may
     * anchor at once: the same head is stored once.
     *
     * @return the new anchor, if one was made
     */
    public Optional<Anchor> anchor() {
        trail.seal();
        AuditTrail.Head head = trail.head();
        if (head.seq() == 0 || latest().map(a -> a.seq() == head.seq()).orElse(false)) {
            return Optional.empty();
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        byte[] signature = gatewaySigner.signEncapsulated(statement(head.seq(), head.hash(), now));
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("insert into audit_anchor "
                        + "(seq, entry_hash, anchored_at, signature) values (?, ?, ?, ?)")) {
            insert.setLong(1, head.seq());
            insert.setString(2, head.hash());
            insert.setObject(3, OffsetDateTime.ofInstant(now, ZoneOffset.UTC));
            insert.setBytes(4, signature);
            insert.executeUpdate();
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState())) {
                return Optional.empty(); // another instance anchored the same head
            }
            throw new IllegalStateException("cannot store an audit anchor", e);
        }
        LOG.log(System.Logger.Level.INFO, "audit anchor: seq " + head.seq() + " hash " + head.hash() + " at " + now);
        return Optional.of(new Anchor(head.seq(), head.hash(), now, signature));
    }

    /** What the anchor's signature says, exactly. */
    static byte[] statement(long seq, String hash, Instant at) {
        return ("sagsbro audit anchor\nseq " + seq + "\nhash " + hash + "\nat " + at + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    public Optional<Anchor> latest() {
        List<Anchor> latest = anchors("order by seq desc limit 1");
        return latest.stream().findFirst();
    }

    /** The outcome of checking the whole trail. */
    public record Verification(long entriesChecked, long anchorsChecked, Long firstBrokenSeq, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    /**
     * Seals what is committed, then walks the whole chain from its first entry, recomputing every hash, then checks the
     * head and every anchor. Reports the first broken link: the first entry whose sequence number, link or hash is not
     * what it must be, or an anchor that points past the end or at a different hash. The head is read before the
     * walk: entries sealed meanwhile (by the route, by another instance) lie past it and are walked too.
     */
    public Verification verify() {
        trail.seal();
        AuditTrail.Head head = trail.head();
        String headEntryHash = head.seq() == 0 ? AuditTrail.GENESIS : null;
        long expectedSeq = 1;
        String previousHash = AuditTrail.GENESIS;
        long checked = 0;
        while (true) {
            List<AuditTrail.Entry> page = trail.page(expectedSeq, PAGE);
            for (AuditTrail.Entry entry : page) {
                if (entry.seq() != expectedSeq) {
                    return new Verification(checked, 0, expectedSeq, "entry " + expectedSeq + " is missing (the "
                            + "next stored entry is " + entry.seq() + ")");
                }
                if (!entry.previousHash().equals(previousHash)) {
                    return new Verification(checked, 0, entry.seq(), "entry " + entry.seq() + " does not link to "
                            + "the entry before it");
                }
                if (!AuditTrail.hash(entry.seq(), entry.record(), previousHash).equals(entry.hash())) {
                    return new Verification(checked, 0, entry.seq(), "entry " + entry.seq() + " was changed after "
                            + "it was written: its fields no longer give its hash");
                }
                previousHash = entry.hash();
                if (entry.seq() == head.seq()) {
                    headEntryHash = entry.hash();
                }
                expectedSeq++;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        long lastSeq = expectedSeq - 1;
        if (head.seq() > lastSeq) {
            return new Verification(checked, 0, lastSeq + 1, "the chain ends at entry " + lastSeq
                    + " but its head names entry " + head.seq());
        }
        if (!head.hash().equals(headEntryHash)) {
            return new Verification(checked, 0, head.seq(), "the chain's head names entry " + head.seq()
                    + " with another hash than that entry's");
        }
        Optional<Verification> rewritten = firstTimelineEventUnlikeItsRecord(checked);
        if (rewritten.isPresent()) {
            return rewritten.get();
        }
        long anchorsChecked = 0;
        for (Anchor anchor : anchors("order by seq")) {
            Optional<byte[]> signed = gatewaySigner.contentSignedByMe(anchor.signature());
            if (signed.isEmpty() || !java.util.Arrays.equals(signed.get(),
                    statement(anchor.seq(), anchor.hash(), anchor.anchoredAt()))) {
                return new Verification(checked, anchorsChecked, anchor.seq(), "the anchor at entry " + anchor.seq()
                        + " is not signed by this gateway as stored");
            }
            if (anchor.seq() > lastSeq) {
                return new Verification(checked, anchorsChecked, lastSeq + 1, "entries " + (lastSeq + 1) + " to "
                        + anchor.seq() + " were removed: an anchor signed at " + anchor.anchoredAt()
                        + " names entry " + anchor.seq() + " but the chain ends at " + lastSeq);
            }
            Optional<AuditTrail.Entry> entry = trail.entry(anchor.seq());
            if (entry.isEmpty() || !entry.get().hash().equals(anchor.hash())) {
                return new Verification(checked, anchorsChecked, anchor.seq(), "entry " + anchor.seq()
                        + " is not the entry anchored at " + anchor.anchoredAt());
            }
            anchorsChecked++;
        }
        return new Verification(checked, anchorsChecked, null, null);
    }

    /**
     * Compares every timeline event with the audit record written with it (same transaction), field by field: its
     * sealed entry, which was checked against the chain already, or the record still waiting to be sealed (written
     * after this verification sealed). One statement reads both, so a record being sealed meanwhile is seen once.
     *
     * @return the first difference, as the verification's outcome
     */
    private Optional<Verification> firstTimelineEventUnlikeItsRecord(long entriesChecked) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("select e.audit_record, e.transfer_id, "
                        + "e.occurred_at, e.type, e.actor, e.detail, r.seq, r.transfer_id, r.occurred_at, r.action, "
                        + "r.actor, r.detail, r.record_id from transfer_event e left join ("
                        + "select seq, record_id, transfer_id, occurred_at, action, actor, detail from audit_entry "
                        + "union all select null, record_id, transfer_id, occurred_at, action, actor, detail "
                        + "from audit_pending) r on r.record_id = e.audit_record "
                        + "where e.audit_record is not null order by e.audit_record");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                boolean same = rows.getObject(13) != null
                        && java.util.Objects.equals(rows.getObject(2, java.util.UUID.class),
                                rows.getObject(8, java.util.UUID.class))
                        && rows.getObject(3, OffsetDateTime.class).toInstant()
                                .equals(rows.getObject(9, OffsetDateTime.class).toInstant())
                        && java.util.Objects.equals(rows.getString(4), rows.getString(10))
                        && java.util.Objects.equals(rows.getString(5), rows.getString(11))
                        && java.util.Objects.equals(rows.getString(6), rows.getString(12));
                if (!same) {
                    long seq = rows.getLong(7);
                    return Optional.of(rows.wasNull()
                            ? new Verification(entriesChecked, 0, null, "the timeline event recorded as record "
                                    + rows.getLong(1) + " no longer says what its record says, or the record is gone")
                            : new Verification(entriesChecked, 0, seq, "the timeline event recorded as entry " + seq
                                    + " no longer says what the entry says"));
                }
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot compare the timelines with the audit trail", e);
        }
    }

    private List<Anchor> anchors(String order) {
        List<Anchor> anchors = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "select seq, entry_hash, anchored_at, signature from audit_anchor " + order);
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                anchors.add(new Anchor(rows.getLong(1), rows.getString(2),
                        rows.getObject(3, OffsetDateTime.class).toInstant(), rows.getBytes(4)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read audit anchors", e);
        }
        return anchors;
    }
}
