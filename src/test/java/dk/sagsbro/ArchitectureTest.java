package dk.sagsbro;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The domain knows nothing of Camel, Quarkus or HTTP; the command-line client runs without them. */
class ArchitectureTest {
    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dk.sagsbro");
    static final String[] FRAMEWORK_FREE = {"dk.sagsbro.problem..", "dk.sagsbro.packet..", "dk.sagsbro.signature..",
            "dk.sagsbro.metadata..", "dk.sagsbro.completeness..", "dk.sagsbro.registry..", "dk.sagsbro.transfer..",
            "dk.sagsbro.storage..", "dk.sagsbro.deadline..", "dk.sagsbro.delivery..", "dk.sagsbro.acknowledgement..", "dk.sagsbro.escalation..", "dk.sagsbro.retry..", "dk.sagsbro.operations..", "dk.sagsbro.retention..", "dk.sagsbro.cli..", "dk.sagsbro.audit..",
            "dk.sagsbro.evidence..", "dk.sagsbro.outbound..", "dk.sagsbro.jdbc.."};

    @Test
    void theDomainAndTheClientUseNoFramework() {
        noClasses().that().resideInAnyPackage(FRAMEWORK_FREE)
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..", "io.quarkus..",
                        "io.smallrye..", "io.vertx..", "jakarta.ws.rs..", "jakarta.enterprise..", "jakarta.inject..",
                        "org.jboss.resteasy..", "io.agroal..")
                .check(MAIN);
    }

    @Test
    void theDomainDoesNotReachIntoTheWiring() {
        noClasses().that().resideInAnyPackage(FRAMEWORK_FREE)
                .should().dependOnClassesThat().resideInAnyPackage("dk.sagsbro.api..", "dk.sagsbro.intake..",
                        "dk.sagsbro.gateway..")
                .check(MAIN);
    }

    @Test
    void packagesDependOnEachOtherWithoutCycles() {
        slices().matching("dk.sagsbro.(*)..").should().beFreeOfCycles().check(MAIN);
    }

    @Test
    void theLifecycleIsPlainJavaThatKnowsNoDatabaseOrHttp() {
        noClasses().that().haveSimpleNameStartingWith("TransferLifecycle").or().haveSimpleName("LifecycleEvent")
                .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "java.net.http..")
                .check(MAIN);
    }
}
