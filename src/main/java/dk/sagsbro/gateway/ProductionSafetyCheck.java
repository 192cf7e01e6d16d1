package dk.sagsbro.gateway;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * Runs first at start-up. In production ({@code sagsbro.mode=production}, which PostgreSQL implies unless the mode
 * says {@code example}) the gateway stops with every piece of example material it found and what to set instead;
 * on the embedded default it starts and says which example material it runs on.
 */
@ApplicationScoped
public class ProductionSafetyCheck {

    private static final java.util.concurrent.atomic.AtomicBoolean WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    void onStart(@Observes @Priority(1) StartupEvent start, GatewayConfig config) {
        enforce(config);
    }

    /**
     * Also called where the payload store is made, which every route needs: Camel creates its routes before the
     * start-up event, and nothing (a generated key above all) may be written before this check.
     */
    static void enforce(GatewayConfig config) {
        List<String> example = ProductionSafety.exampleMaterial(new ProductionSafety.Settings(config.trustAnchors(),
                config.signingCertificate(), config.signingKey(), config.console().authentication(),
                config.console().operatorsFile(), config.revocation().mode(),
                config.payloadKey().isPresent() || config.payloadKeyset().isPresent()
                        || config.payloadKeysetFile().isPresent(),
                config.pseudonymKey().isPresent()));
        if (example.isEmpty()) {
            return;
        }
        if (production(config)) {
            throw new IllegalStateException("Sagsbro does not start in production on example material:\n  - "
                    + String.join("\n  - ", example) + "\n(sagsbro.mode=production, or PostgreSQL is active)");
        }
        if (WARNED.compareAndSet(false, true)) {
            Log.warn("Sagsbro runs on example material (the embedded default; never for production):\n  - "
                    + String.join("\n  - ", example));
        }
    }

    static boolean production(GatewayConfig config) {
        String mode = config.mode().orElse(null);
        if (mode != null) {
            return switch (mode) {
                case "production" -> true;
                case "example" -> false;
                default -> throw new IllegalStateException("sagsbro.mode must be production or example, not "
                        + dk.sagsbro.audit.LogText.of(mode));
            };
        }
        return ConfigProvider.getConfig().getOptionalValue("quarkus.datasource.postgresql.active", Boolean.class)
                .orElse(false);
    }
}
