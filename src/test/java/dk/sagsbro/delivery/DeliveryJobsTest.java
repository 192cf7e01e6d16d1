package dk.sagsbro.delivery;

import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.transfer.Transfer;
import dk.sagsbro.transfer.TransferChanges;
import dk.sagsbro.transfer.TransferEvent;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferRepository;
import dk.sagsbro.transfer.TransferStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Claiming push jobs with a lease: due ones first, each by one claimer only, none for a busy endpoint. */
class DeliveryJobsTest {
    static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    static final Duration LEASE = Duration.ofSeconds(30);
    static final URI FIRST = URI.create("https://first.example/in");
    static final URI SECOND = URI.create("https://second.example/in");

    DeliveryJobs jobs;
    TransferChanges changes;
    DataSource dataSource;

    DataSource newDataSource() {
        return TestDatabases.freshMigrated();
    }

    @BeforeEach
    void setUp() {
        dataSource = newDataSource();
        jobs = new DeliveryJobs(dataSource);
        changes = new TransferChanges(new TransferRepository(dataSource));
    }

    UUID transferWithJob(URI endpoint, Instant due) {
        return transferWithJob(endpoint, due, UUID.randomUUID().toString());
    }

    UUID transferWithJob(URI endpoint, Instant due, String payloadReference) {
        Transfer transfer = new Transfer(UUID.randomUUID(), TransferKind.HANDOVER, TransferStatus.RECEIVED, "101",
                "165", "101", null, LocalDate.of(2027, 1, 1), false, false, false, 1, 7, "00".repeat(32), 1,
                payloadReference, "test", null, NOW, null, NOW);
        changes.insert(transfer, new byte[] {1}, List.of(new TransferEvent(NOW, TransferEventType.RECEIVED, "101",
                null)), jobs.creating(transfer.id(), endpoint, due));
        return transfer.id();
    }

    static List<UUID> ids(List<DeliveryJobs.Job> claimed) {
        return claimed.stream().map(DeliveryJobs.Job::transferId).toList();
    }

    @Test
    void dueJobsAreClaimedOldestFirstUpToTheLimitAndNotYetDueOnesWait() {
        UUID later = transferWithJob(FIRST, NOW.minusSeconds(10));
        UUID oldest = transferWithJob(FIRST, NOW.minusSeconds(30));
        UUID middle = transferWithJob(SECOND, NOW.minusSeconds(20));
        transferWithJob(FIRST, NOW.plusSeconds(60));

        List<DeliveryJobs.Job> claimed = jobs.claimDue(NOW, 2, LEASE, Set.of());

        assertThat(ids(claimed)).containsExactly(oldest, middle);
        assertThat(claimed.get(0).endpoint()).isEqualTo(FIRST);
        assertThat(claimed.get(0).attempts()).isZero();
        assertThat(ids(jobs.claimDue(NOW, 10, LEASE, Set.of()))).containsExactly(later);
        assertThat(jobs.claimDue(NOW, 10, LEASE, Set.of())).isEmpty();
    }

    @Test
    void aClaimBringsThePayloadsTheDatabaseKeepsUpToItsLimitAndNoOthers() throws Exception {
        byte[] small = new byte[50_000];
        new java.util.Random(7).nextBytes(small);
        byte[] large = new byte[DeliveryJobs.CIPHERTEXT_WITH_CLAIM_MAX_BYTES + 1];
        UUID withSmall = transferWithJob(FIRST, NOW.minusSeconds(3), storedPayload("small", small));
        UUID withLarge = transferWithJob(FIRST, NOW.minusSeconds(2), storedPayload("large", large));
        UUID inTheObjectStore = transferWithJob(SECOND, NOW.minusSeconds(1), "in-the-object-store");

        List<DeliveryJobs.Job> claimed = jobs.claimDue(NOW, 10, LEASE, Set.of());

        assertThat(ids(claimed)).containsExactly(withSmall, withLarge, inTheObjectStore);
        assertThat(claimed.get(0).storedCiphertext()).isEqualTo(small);
        assertThat(claimed.get(1).storedCiphertext()).isNull();
        assertThat(claimed.get(2).storedCiphertext()).isNull();
    }

    private String storedPayload(String reference, byte[] ciphertext) throws java.sql.SQLException {
        try (var connection = dataSource.getConnection(); var insert = connection.prepareStatement(
                "insert into payload_inline (payload_ref, ciphertext) values (?, ?)")) {
            insert.setString(1, reference);
            insert.setBytes(2, ciphertext);
            insert.executeUpdate();
        }
        return reference;
    }

    @Test
    void aClaimedJobIsClaimedAgainOnlyWhenItsLeaseHasRunOut() {
        UUID id = transferWithJob(FIRST, NOW);
        assertThat(ids(jobs.claimDue(NOW, 10, LEASE, Set.of()))).containsExactly(id);

        assertThat(jobs.claimDue(NOW.plus(LEASE).minusMillis(1), 10, LEASE, Set.of())).isEmpty();
        assertThat(ids(jobs.claimDue(NOW.plus(LEASE).plusMillis(1), 10, LEASE, Set.of()))).containsExactly(id);
    }

    @Test
    void jobsForABusyEndpointAreLeftForALaterRound() {
        UUID first = transferWithJob(FIRST, NOW.minusSeconds(2));
        UUID second = transferWithJob(SECOND, NOW.minusSeconds(1));

        assertThat(ids(jobs.claimDue(NOW, 10, LEASE, Set.of(FIRST)))).containsExactly(second);
        assertThat(ids(jobs.claimDue(NOW, 10, LEASE, Set.of(FIRST, SECOND)))).isEmpty();
        assertThat(ids(jobs.claimDue(NOW, 10, LEASE, Set.of()))).containsExactly(first);
    }

    @Test
    void claimersAtTheSameTimeNeverClaimTheSameJobAndTogetherClaimThemAll() throws Exception {
        Set<UUID> created = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            created.add(transferWithJob(i % 2 == 0 ? FIRST : SECOND, NOW.minusMillis(i)));
        }
        List<UUID> claimed = Collections.synchronizedList(new ArrayList<>());
        ExecutorService claimers = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Void>> work = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                work.add(() -> {
                    List<DeliveryJobs.Job> round;
                    do {
                        round = jobs.claimDue(NOW, 3, LEASE, Set.of());
                        claimed.addAll(ids(round));
                    } while (!round.isEmpty());
                    return null;
                });
            }
            for (Future<Void> done : claimers.invokeAll(work)) {
                done.get();
            }
        } finally {
            claimers.shutdown();
        }
        assertThat(claimed).doesNotHaveDuplicates();
        assertThat(new HashSet<>(claimed)).isEqualTo(created);
    }
}
