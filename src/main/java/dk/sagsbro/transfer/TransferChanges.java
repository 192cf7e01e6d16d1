package dk.sagsbro.transfer;

import dk.sagsbro.jdbc.HeldWrites;
import dk.sagsbro.jdbc.Transactions;
import dk.sagsbro.metadata.TransferKind;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The application service through which every change to a transfer goes: a new transfer, a move of its state (only
 * as {@link TransferLifecycle} allows), an event in its timeline. Each call is one transaction, declared here and
 * nowhere else, in which the caller's further work ({@code alsoDo}: a delivery job, a notification, a signed
 * acknowledgement, a receipt) and the audit entry of every event are written too; a refused move changes nothing.
 */
public final class TransferChanges {
    private final TransferRepository data;

    /** @param data the data access the changes are written through */
    public TransferChanges(TransferRepository data) {
        this.data = data;
    }

    /** Work that must be all or nothing, for a flow whose change is not one of the others (retention's deletion). */
    public <T> T inTransaction(Transactions.Work<T> work) throws SQLException {
        return Transactions.inTransaction(data.dataSource(), work);
    }

    /**
     * Stores a new transfer, its receipt and its first events in one transaction; when this returns, they are
     * committed.
     */
    public void insert(Transfer transfer, byte[] receipt, List<TransferEvent> events) {
        insert(transfer, receipt, events, connection -> { });
    }

    /** As {@link #insert(Transfer, byte[], List)}, doing {@code alsoDo} in the same transaction. */
    public void insert(Transfer transfer, byte[] receipt, List<TransferEvent> events, TransferRepository.InTransaction alsoDo) {
        try {
            inTransaction(connection -> {
                data.inserting(transfer, receipt, List.of()).run(connection);
                alsoDo.run(connection);
                insertEvents(connection, transfer.id(), events);
                return null;
            });
        } catch (SQLException e) {
            if (TransferRepository.isUniqueViolation(e)) {
                throw new TransferRepository.DuplicateTransferException(transfer.id());
            }
            throw new IllegalStateException("cannot store transfer", e);
        }
    }

    /**
     * Makes the move if the transfer's state allows it, records the events and does {@code alsoDo}, all in one
     * transaction.
     *
     * @return false, with nothing changed, when the transfer's state did not allow the move
     */
    public boolean transition(UUID id, Move move, TransferRepository.InTransaction alsoDo) {
        return transition(id, List.of(), move, (connection, made) -> alsoDo.run(connection)).isPresent();
    }

    /** Work done in a change's transaction after its moves, knowing which of the optional moves were made. */
    @FunctionalInterface
    public interface AfterMoves {
        void run(Connection connection, List<Boolean> optionalMade) throws SQLException;
    }

    /**
     * A change of state by a lifecycle event, made only when {@link TransferLifecycle} allows the event in the
     * transfer's state, with the timeline entries that record it.
     */
    public record Move(TransferKind kind, LifecycleEvent event, List<TransferEvent> events, byte[] deliveryReceipt) {
        public Move(TransferKind kind, LifecycleEvent event, List<TransferEvent> events) {
            this(kind, event, events, null);
        }

        public Move {
            events = List.copyOf(events);
            if (TransferLifecycle.statesAllowing(kind, event).stream()
                    .map(s -> ((TransferLifecycle.Outcome.Allowed) TransferLifecycle.outcome(kind, s, event)).next())
                    .distinct().count() > 1) {
                throw new IllegalArgumentException(event + " does not lead to one state for a " + kind);
            }
        }

        Set<TransferStatus> from() {
            return TransferLifecycle.statesAllowing(kind, event);
        }

        /**
         * The same move, storing {@code signed} as the transfer's delivery receipt with it (unless it has one): the
         * delivery and its receipt in one statement.
         */
        public Move withDeliveryReceipt(byte[] signed) {
            return new Move(kind, event, events, signed);
        }

        /** The state the move leads to; only called when {@link #from()} is not empty. */
        public TransferStatus to() {
            TransferStatus any = from().iterator().next();
            return ((TransferLifecycle.Outcome.Allowed) TransferLifecycle.outcome(kind, any, event)).next();
        }
    }

    /**
     * What a change found and did: for each optional move whether it was made, and the state the transfer was in
     * when the change took it, with the time it had been in that state since.
     */
    public record Moved(List<Boolean> optionalMade, TransferStatus before, Instant beforeSince) {
        public Moved {
            optionalMade = List.copyOf(optionalMade);
        }
    }

    /**
     * Makes each of the {@code optional} moves whose state fits, then the {@code required} one, records their
     * events and does {@code alsoDo}, all in one transaction. When the required move does not fit, nothing of it
     * all is kept.
     *
     * <p>The transaction first takes the transfer's row with its state: no other change can move it until this one
     * ends, so which moves fit is known from that one read, and the moves are written with the rest of the
     * transaction's writes (on PostgreSQL, sent together with its commit). A change that tried each move in turn
     * waited for every answer, and one racing another change (an acknowledgement and the push it answers) had to
     * read the timeline afterwards to learn what the other had done.
     *
     * @param alsoDo work in the same transaction, told for each optional move whether it was made
     * @return what was found and made, or empty when nothing changed
     */
    public Optional<Moved> transition(UUID id, List<Move> optional, Move required, AfterMoves alsoDo) {
        try {
            return inTransaction(connection -> {
                Optional<Taken> taken = take(connection, id);
                if (taken.isEmpty()) {
                    return Optional.<Moved>empty();
                }
                TransferStatus status = taken.get().status();
                List<Boolean> made = new ArrayList<>();
                List<Move> moves = new ArrayList<>();
                for (Move move : optional) {
                    boolean fits = move.from().contains(status);
                    made.add(fits);
                    if (fits) {
                        moves.add(move);
                        status = move.to();
                    }
                }
                if (!required.from().contains(status)) {
                    return Optional.<Moved>empty(); // nothing was written: the commit keeps nothing
                }
                moves.add(required);
                List<TransferEvent> events = new ArrayList<>();
                for (Move move : moves) {
                    move(connection, id, move);
                    events.addAll(move.events());
                }
                List<Boolean> optionalMade = List.copyOf(made);
                alsoDo.run(connection, optionalMade);
                insertEvents(connection, id, events);
                return Optional.of(new Moved(optionalMade, taken.get().status(), taken.get().since()));
            });
        } catch (SQLException e) {
            if (TransferRepository.isUniqueViolation(e)) {
                throw new TransferRepository.DuplicateTransferException(id);
            }
            throw new IllegalStateException("cannot change transfer " + id, e);
        }
    }

    /** A transfer's state, and since when, as its change found it on the row it holds. */
    private record Taken(TransferStatus status, Instant since) {
    }

    /**
     * Locks the transfer's row for this transaction and reads its state. On PostgreSQL the lock is the one an update
     * of the row takes ({@code for no key update}), so that it does not wait for, or hold up, the inserts of rows that
     * refer to the transfer (its events, its acknowledgements).
     */
    private static Optional<Taken> take(Connection connection, UUID id) throws SQLException {
        String lock = HeldWrites.holds(connection) ? "for no key update" : "for update";
        try (PreparedStatement select = connection.prepareStatement(
                "select status, status_since from transfer where id = ? " + lock)) {
            select.setObject(1, id);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Taken(TransferStatus.valueOf(row.getString(1)),
                        row.getObject(2, OffsetDateTime.class).toInstant()));
            }
        }
    }

    /**
     * Writes a move whose state the transaction has checked on the row it holds; the update checks the state again,
     * so that it could never move a transfer from a state the lifecycle does not allow.
     */
    private static void move(Connection connection, UUID id, Move move) throws SQLException {
        List<TransferStatus> allowed = List.copyOf(move.from());
        Instant since = move.events().isEmpty() ? Instant.now() : move.events().get(0).occurredAt();
        boolean receipt = move.deliveryReceipt() != null;
        HeldWrites.write(connection, "update transfer set status = ?, status_since = ?"
                + (receipt ? ", delivery_receipt = coalesce(delivery_receipt, ?)" : "")
                + " where id = ? and status in (" + "?, ".repeat(allowed.size() - 1) + "?)", update -> {
                    int at = 1;
                    update.setString(at++, move.to().name());
                    update.setObject(at++, TransferRepository.utc(since));
                    if (receipt) {
                        update.setBytes(at++, move.deliveryReceipt());
                    }
                    update.setObject(at++, id);
                    for (TransferStatus state : allowed) {
                        update.setString(at++, state.name());
                    }
                });
    }

    /** The events, each with its audit record, in the change's transaction. */
    private static void insertEvents(Connection connection, UUID id, List<TransferEvent> events) throws SQLException {
        for (TransferEvent event : events) {
            TransferRepository.insertEvent(connection, id, event, null);
        }
    }

    /**
     * Adds an event unless one with the same {@code onceKey} was already recorded for the transfer.
     *
     * @return whether this call recorded it
     */
    public boolean addEventOnce(UUID id, String onceKey, TransferEvent event, TransferRepository.InTransaction alsoDo) {
        try {
            return inTransaction(connection -> {
                TransferRepository.insertEvent(connection, id, event, onceKey);
                alsoDo.run(connection);
                return true;
            });
        } catch (SQLException e) {
            if (TransferRepository.isUniqueViolation(e)) {
                return false;
            }
            throw new IllegalStateException("cannot record event", e);
        }
    }

    /** Adds an event and does {@code alsoDo}, in one transaction. */
    public void addEvent(UUID id, TransferEvent event, TransferRepository.InTransaction alsoDo) {
        try {
            inTransaction(connection -> {
                alsoDo.run(connection);
                insertEvents(connection, id, List.of(event));
                return null;
            });
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record event", e);
        }
    }

    /** Adds an event to a transfer's timeline on its own. */
    public void addEvent(UUID id, TransferEvent event) {
        addEvent(id, event, connection -> { });
    }

}
