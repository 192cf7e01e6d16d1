package dk.sagsbro.intake;

import dk.sagsbro.completeness.CompletenessCheck;
import dk.sagsbro.completeness.CompletenessPolicy;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.gateway.GatewayConfig;
import dk.sagsbro.gateway.RegistryHolder;
import dk.sagsbro.metadata.CaseMetadataReader;
import dk.sagsbro.packet.ContainerScanner;
import dk.sagsbro.packet.PacketLimits;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.signature.CmsSignatureVerifier;
import dk.sagsbro.signature.TrustAnchors;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.TestDatabases;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.transfer.TransferRepository;
import jakarta.validation.Validation;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An intake whose database commit fails to say how it ended never deletes a payload that may be committed: when the
 * transfer is in fact stored, the sender gets its answer and the packet stays; when it is not, the payload goes.
 */
class UnknownCommitOutcomeTest {
    @TempDir
    Path directory;

    /** The database commits, then the connection reports a failure, as a connection lost during the commit does. */
    static DataSource committingThenFailing(DataSource real, AtomicBoolean armed, boolean reallyCommit) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = method.invoke(real, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                            (p, m, a) -> {
                                if (m.getName().equals("commit") && armed.getAndSet(false)) {
                                    if (reallyCommit) {
                                        connection.commit();
                                    } else {
                                        connection.rollback();
                                    }
                                    throw new SQLException("connection lost during commit", "08006");
                                }
                                return m.invoke(connection, a);
                            });
                });
    }

    PacketIntake intake(DataSource dataSource, PayloadStore payloads) throws Exception {
        Municipalities municipalities = Municipalities.builtIn();
        GatewayConfig config = (GatewayConfig) Proxy.newProxyInstance(GatewayConfig.class.getClassLoader(),
                new Class<?>[] {GatewayConfig.class}, (proxy, method, args) -> {
                    if (method.getName().equals("registry")) {
                        return "certs-example/registry.yaml";
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        RegistryHolder registry = new RegistryHolder(config, municipalities);
        PacketVerifier verifier = new PacketVerifier(new CmsSignatureVerifier(new TrustAnchors(List.of(
                ExamplePki.certificate("ca"))), Clock.systemUTC()), () -> registry.current().identities(),
                new CaseMetadataReader(Validation.byDefaultProvider().configure()
                        .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory()
                        .getValidator(), municipalities));
        return new PacketIntake(new ContainerScanner(PacketLimits.defaults()), verifier,
                new CompletenessCheck(CompletenessPolicy.builtIn()), payloads, new TransferRepository(dataSource),
                ExamplePki.signer("gateway"), new Escalations(new NotificationRepository(dataSource), code -> List.of()),
                new DeliveryJobs(dataSource), registry, new dk.sagsbro.metadata.SubjectPseudonyms(new byte[32]),
                Clock.systemUTC());
    }

    /** An intake, and a valid packet it has verified and not yet stored. */
    record Verified(PacketIntake intake, IntakeCandidate candidate) {
    }

    Verified verifiedIntake(DataSource dataSource, PayloadStore payloads) throws Exception {
        PacketIntake intake = intake(dataSource, payloads);
        return new Verified(intake, verified(intake));
    }

    IntakeCandidate verified(PacketIntake intake) throws Exception {
        var caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        IntakeCandidate candidate = intake.checkCompleteness(intake.verify(
                new IntakeRequest(new ByteArrayInputStream(packet), "101")));
        return intake.rejectIfProblems(candidate);
    }

    long publishedPayloads() throws Exception {
        try (Stream<Path> files = Files.list(directory.resolve("payloads"))) {
            return files.filter(f -> f.toString().endsWith(".enc")).count();
        }
    }

    @Test
    void aCommitThatHappenedButReportedAFailureKeepsItsPayloadAndAnswersTheSender() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        DataSource dataSource = committingThenFailing(TestDatabases.freshMigrated(), armed, true);
        PayloadStore payloads = new PayloadStore(directory.resolve("payloads"), new byte[32]);
        Verified verified = verifiedIntake(dataSource, payloads);

        armed.set(true);
        IntakeResult result = verified.intake().store(verified.candidate());

        assertThat(armed).isFalse();
        UUID id = result.transfer().id();
        assertThat(new TransferRepository(dataSource).find(id)).isPresent();
        assertThat(publishedPayloads()).isEqualTo(1);
        try (var packet = payloads.open(result.transfer().payloadReference())) {
            assertThat(packet.readAllBytes()).isNotEmpty();
        }
    }

    @Test
    void aCommitThatDidNotHappenDeletesItsPayloadAndFails() throws Exception {
        AtomicBoolean armed = new AtomicBoolean();
        DataSource dataSource = committingThenFailing(TestDatabases.freshMigrated(), armed, false);
        Verified verified = verifiedIntake(dataSource, new PayloadStore(directory.resolve("payloads"),
                new byte[32]));

        armed.set(true);
        assertThatThrownBy(() -> verified.intake().store(verified.candidate())).isInstanceOf(RuntimeException.class);

        assertThat(publishedPayloads()).isZero();
    }
}
