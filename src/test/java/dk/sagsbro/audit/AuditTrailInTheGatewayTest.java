package dk.sagsbro.audit;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Appends from many threads at once on the gateway's own connection pool form one gapless chain: two appends never
 * take the same place (a stale read of the head under the pool's connections once let them).
 */
@QuarkusTest
class AuditTrailInTheGatewayTest {
    @Inject
    AuditTrail trail;

    @Inject
    AuditAnchors anchors;

    @Test
    void concurrentAppendsThroughThePoolAreSealedIntoOneChainByTheSealRoute() throws Exception {
        long before = trail.head().seq();
        ExecutorService pool = Executors.newFixedThreadPool(12);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                done.add(pool.submit(() -> {
                    for (int j = 0; j < 40; j++) {
                        trail.append(new AuditTrail.Record(Instant.now(), "gateway", null, "TEST", null, null));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // Nothing here seals: the gateway's audit-seal route does, on its own.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> trail.head().seq() >= before + 12 * 40);
        AuditAnchors.Verification verification = anchors.verify();
        assertThat(verification.intact()).as(String.valueOf(verification.problem())).isTrue();
    }
}
