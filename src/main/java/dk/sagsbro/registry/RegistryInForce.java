package dk.sagsbro.registry;

/** The municipality registry in force now; it may be replaced while the gateway runs. */
@FunctionalInterface
public interface RegistryInForce {
    MunicipalityRegistry current();
}
