package dk.sagsbro.transfer;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.support.TestDatabases;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lifecycle as a table: every (kind, state, event) is either allowed with its next state, or refused with its
 * problem type. The table below is written out by hand, so a change to the rules must change it too; and the SQL
 * built from the description selects exactly the transfers the description says.
 */
class TransferLifecycleTest {
    /**
     * One line per allowed (kinds, states, event): {@code =} keeps the state, {@code >redirect} follows the redirect.
     * H = HANDOVER, O = ORIENTATION, S = SUPPLEMENT. Everything not listed is refused with the event's problem below.
     * (An orientation or supplement never reaches TAKEN_OVER; were one there, nothing could move it on.)
     */
    static final String ALLOWED = """
            DELIVER              HOS  RECEIVED                                            DELIVERED
            ACKNOWLEDGE_RECEIPT  HOS  RECEIVED DELIVERED                                  ACKNOWLEDGED
            ACKNOWLEDGE_TAKEOVER H    ACKNOWLEDGED                                        TAKEN_OVER
            REJECT               H    RECEIVED DELIVERED ACKNOWLEDGED                     REJECTED
            REJECT               OS   RECEIVED DELIVERED                                  REJECTED
            REDIRECT             HOS  REJECTED                                            REDIRECTED
            CANCEL               H    RECEIVED DELIVERED ACKNOWLEDGED REJECTED            CANCELLED
            CANCEL               OS   RECEIVED DELIVERED REJECTED                         CANCELLED
            RETRY_DELIVERY       HOS  RECEIVED                                            =
            ADD_SUPPLEMENT       HOS  RECEIVED DELIVERED ACKNOWLEDGED TAKEN_OVER          =
            ADD_SUPPLEMENT       HOS  REDIRECTED                                          >redirect
            READ_PACKET          HOS  RECEIVED DELIVERED ACKNOWLEDGED TAKEN_OVER          =
            DELETE_CONTENT       H    TAKEN_OVER REDIRECTED CANCELLED                     =
            DELETE_CONTENT       OS   ACKNOWLEDGED TAKEN_OVER REDIRECTED CANCELLED        =
            EXPIRE_CONTENT       H    DELIVERED ACKNOWLEDGED REJECTED                     =
            EXPIRE_CONTENT       OS   DELIVERED REJECTED                                  =
            """;

    /** The problem each event is refused with, where one problem fits every refused state. */
    static final Map<LifecycleEvent, ProblemType> REFUSED_WITH = Map.of(
            LifecycleEvent.DELIVER, ProblemType.TRANSITION_NOT_ALLOWED,
            LifecycleEvent.ACKNOWLEDGE_RECEIPT, ProblemType.ACKNOWLEDGEMENT_WRONG_STATE,
            LifecycleEvent.ACKNOWLEDGE_TAKEOVER, ProblemType.ACKNOWLEDGEMENT_WRONG_STATE,
            LifecycleEvent.REJECT, ProblemType.ACKNOWLEDGEMENT_WRONG_STATE,
            LifecycleEvent.REDIRECT, ProblemType.REDIRECT_NOT_ALLOWED,
            LifecycleEvent.CANCEL, ProblemType.TRANSITION_NOT_ALLOWED,
            LifecycleEvent.RETRY_DELIVERY, ProblemType.TRANSITION_NOT_ALLOWED,
            LifecycleEvent.ADD_SUPPLEMENT, ProblemType.SUPPLEMENT_NOT_ALLOWED,
            LifecycleEvent.DELETE_CONTENT, ProblemType.TRANSITION_NOT_ALLOWED,
            LifecycleEvent.EXPIRE_CONTENT, ProblemType.TRANSITION_NOT_ALLOWED);

    /** A refused read depends on why the receiver's access ended. */
    static final Map<TransferStatus, ProblemType> READ_REFUSED_WITH = Map.of(
            TransferStatus.CANCELLED, ProblemType.TRANSFER_CANCELLED,
            TransferStatus.REJECTED, ProblemType.ACCESS_ENDED,
            TransferStatus.REDIRECTED, ProblemType.ACCESS_ENDED);

    record Cell(TransferKind kind, TransferStatus state, LifecycleEvent event) {
    }

    static Map<Cell, String> allowedCells() {
        Map<Cell, String> cells = new HashMap<>();
        for (String line : ALLOWED.strip().split("\n")) {
            String[] words = line.strip().split("\\s+");
            LifecycleEvent event = LifecycleEvent.valueOf(words[0]);
            String outcome = words[words.length - 1];
            for (char k : words[1].toCharArray()) {
                TransferKind kind = switch (k) {
                    case 'H' -> TransferKind.HANDOVER;
                    case 'O' -> TransferKind.ORIENTATION;
                    case 'S' -> TransferKind.SUPPLEMENT;
                    default -> throw new IllegalArgumentException(line);
                };
                for (int i = 2; i < words.length - 1; i++) {
                    cells.put(new Cell(kind, TransferStatus.valueOf(words[i]), event), outcome);
                }
            }
        }
        return cells;
    }

    @Test
    void everyStateAndEventIsAllowedWithItsNextStateOrRefusedWithItsProblem() {
        Map<Cell, String> allowed = allowedCells();
        List<String> wrong = new ArrayList<>();
        int cells = 0;
        for (TransferKind kind : TransferKind.values()) {
            for (TransferStatus state : TransferStatus.values()) {
                for (LifecycleEvent event : LifecycleEvent.values()) {
                    cells++;
                    TransferLifecycle.Outcome outcome = TransferLifecycle.outcome(kind, state, event);
                    String expected = allowed.get(new Cell(kind, state, event));
                    String actual = outcome instanceof TransferLifecycle.Outcome.Allowed a
                            ? (a.next() == state ? "=" : a.next().name())
                            : outcome instanceof TransferLifecycle.Outcome.Refused r ? "refused:" + r.problem()
                            : ">redirect";
                    if (expected == null) {
                        ProblemType problem = event == LifecycleEvent.READ_PACKET ? READ_REFUSED_WITH.get(state)
                                : REFUSED_WITH.get(event);
                        expected = "refused:" + problem;
                    }
                    if (!expected.equals(actual)) {
                        wrong.add(kind + " " + state + " " + event + ": expected " + expected + ", was " + actual);
                    }
                    if (outcome instanceof TransferLifecycle.Outcome.Refused r) {
                        assertThat(r.why()).as("a refusal says why").isNotBlank();
                    }
                }
            }
        }
        assertThat(cells).isEqualTo(3 * 7 * 11);
        assertThat(wrong).isEmpty();
    }

    /** The acknowledgement path tries no delivery for a transfer it read past RECEIVED: that holds only if so. */
    @Test
    void noEventLeadsBackToReceivedSoADeliveryIsPossibleOnlyBeforeTheFirst() {
        List<String> back = new ArrayList<>();
        for (TransferKind kind : TransferKind.values()) {
            for (TransferStatus state : TransferStatus.values()) {
                for (LifecycleEvent event : LifecycleEvent.values()) {
                    if (state != TransferStatus.RECEIVED && TransferLifecycle.outcome(kind, state, event)
                            instanceof TransferLifecycle.Outcome.Allowed a && a.next() == TransferStatus.RECEIVED) {
                        back.add(kind + " " + state + " " + event);
                    }
                }
            }
            assertThat(TransferLifecycle.statesAllowing(kind, LifecycleEvent.DELIVER))
                    .containsExactly(TransferStatus.RECEIVED);
        }
        assertThat(back).isEmpty();
    }

    @Test
    void openEndedAndStoppedFollowFromTheTable() {
        for (TransferKind kind : TransferKind.values()) {
            for (TransferStatus state : TransferStatus.values()) {
                TransferLifecycle.Standing standing = TransferLifecycle.standing(kind, state);
                assertThat(standing == TransferLifecycle.Standing.OPEN)
                        .as("%s %s is open exactly when deadlines run", kind, state)
                        .isEqualTo(!TransferLifecycle.deadlines(kind, state).isEmpty());
                if (TransferLifecycle.isFinal(kind, state)) {
                    assertThat(standing).as("%s %s is final", kind, state)
                            .isNotEqualTo(TransferLifecycle.Standing.OPEN);
                }
            }
        }
        assertThat(TransferLifecycle.standing(TransferKind.ORIENTATION, TransferStatus.ACKNOWLEDGED))
                .isEqualTo(TransferLifecycle.Standing.ENDED);
        assertThat(TransferLifecycle.standing(TransferKind.HANDOVER, TransferStatus.ACKNOWLEDGED))
                .isEqualTo(TransferLifecycle.Standing.OPEN);
        assertThat(TransferLifecycle.isFinal(TransferKind.HANDOVER, TransferStatus.REJECTED))
                .as("a rejected transfer may still be redirected or cancelled").isFalse();
    }

    @Test
    void orientationHasNoTakeoverDeadline() {
        for (TransferStatus state : TransferStatus.values()) {
            assertThat(TransferLifecycle.deadlines(TransferKind.ORIENTATION, state))
                    .doesNotContain(DeadlineKind.TAKEN_OVER);
        }
        assertThat(TransferLifecycle.deadlines(TransferKind.ORIENTATION, TransferStatus.RECEIVED))
                .containsExactly(DeadlineKind.DELIVERY, DeadlineKind.RECEIVED_ACKNOWLEDGEMENT);
        assertThat(TransferLifecycle.deadlines(TransferKind.HANDOVER, TransferStatus.RECEIVED))
                .containsExactly(DeadlineKind.DELIVERY, DeadlineKind.RECEIVED_ACKNOWLEDGEMENT,
                        DeadlineKind.TAKEN_OVER);
    }

    @Test
    void theSqlSelectsTheTransfersTheDescriptionCallsOpenAndFinal() {
        TransferRepository transfers = new TransferRepository(TestDatabases.freshMigrated());
        Map<UUID, Cell> stored = new HashMap<>();
        Instant now = Instant.parse("2026-11-02T09:00:00Z");
        for (TransferKind kind : TransferKind.values()) {
            for (TransferStatus state : TransferStatus.values()) {
                UUID id = UUID.randomUUID();
                new TransferChanges(transfers).insert(new Transfer(id, kind, state, "101", "165", "101", null, LocalDate.of(2026, 11, 1),
                        false, false, false, 1, 1, "ab".repeat(32), 1, UUID.randomUUID().toString(), "test", null,
                        now, null, now), new byte[] {1}, List.of(new TransferEvent(now, TransferEventType.RECEIVED, "101",
                        null)));
                stored.put(id, new Cell(kind, state, null));
            }
        }
        Set<UUID> open = transfers.open().stream().map(TransferRepository.WatchedTransfer::id)
                .collect(Collectors.toSet());
        Set<UUID> expected = stored.entrySet().stream().filter(e -> TransferLifecycle.standing(e.getValue().kind(),
                e.getValue().state()) == TransferLifecycle.Standing.OPEN).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        assertThat(open).isEqualTo(expected);
        assertThat(TransferLifecycle.sqlFinal("t")).contains("(t.kind = 'ORIENTATION' and t.status in (")
                .doesNotContain("REJECTED");
    }
}
