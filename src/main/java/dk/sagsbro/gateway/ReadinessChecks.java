package dk.sagsbro.gateway;

import dk.sagsbro.signature.Revocation;
import dk.sagsbro.storage.PayloadStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.List;

/**
 * What an instance needs before a load balancer may send it work, beside its database (Quarkus' own check): a
 * payload store it can write and read, and, in hard revocation mode, current revocation lists (without them every
 * packet would be refused).
 */
@ApplicationScoped
public class ReadinessChecks {

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck payloadStore(PayloadStore payloads) {
        return () -> {
            try {
                payloads.checkAvailable();
                return HealthCheckResponse.named("payload store").withData("store", payloads.describe()).up()
                        .build();
            } catch (Exception e) {
                return HealthCheckResponse.named("payload store").withData("store", payloads.describe())
                        .withData("problem", String.valueOf(e.getMessage())).down().build();
            }
        };
    }

    @Produces
    @Readiness
    @ApplicationScoped
    HealthCheck revocationLists(Revocation revocation) {
        return () -> {
            List<String> stale = revocation.issuersWithoutCurrentList();
            var response = HealthCheckResponse.named("revocation lists")
                    .withData("mode", revocation.mode().name().toLowerCase(java.util.Locale.ROOT));
            if (stale.isEmpty()) {
                return response.up().build();
            }
            response.withData("without a current list", String.join("; ", stale));
            // Only hard mode refuses what a stale list leaves unknown; in soft mode it is reported, not fatal.
            return (revocation.mode() == Revocation.Mode.HARD ? response.down() : response.up()).build();
        };
    }
}
