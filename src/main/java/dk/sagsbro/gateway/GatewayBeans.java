package dk.sagsbro.gateway;

import dk.sagsbro.acknowledgement.AcknowledgementRecorder;
import dk.sagsbro.acknowledgement.AcknowledgementRepository;
import dk.sagsbro.acknowledgement.AcknowledgementVerifier;
import dk.sagsbro.completeness.CompletenessCheck;
import dk.sagsbro.deadline.DanishWorkingDays;
import dk.sagsbro.deadline.DeadlinePolicy;
import dk.sagsbro.deadline.DeadlineSchedule;
import dk.sagsbro.deadline.DeadlineWatch;
import dk.sagsbro.delivery.DeliveryJobs;
import dk.sagsbro.delivery.PullDelivery;
import dk.sagsbro.delivery.PushDelivery;
import dk.sagsbro.signature.TlsContexts;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.escalation.NotificationRepository;
import dk.sagsbro.escalation.WebhookNotifier;
import dk.sagsbro.registry.MunicipalityRegistry;
import dk.sagsbro.completeness.CompletenessPolicy;
import dk.sagsbro.metadata.CaseMetadataReader;
import dk.sagsbro.intake.UploadGuard;
import dk.sagsbro.intake.Redirects;
import dk.sagsbro.operations.OperatorActions;
import dk.sagsbro.operations.ResponseShares;
import dk.sagsbro.operations.TransferQueues;
import dk.sagsbro.audit.AuditAnchors;
import dk.sagsbro.delivery.DeliveryReceipts;
import dk.sagsbro.metadata.SubjectPseudonyms;
import dk.sagsbro.operations.DataSubjectRequests;
import dk.sagsbro.transfer.TransferSubjects;
import dk.sagsbro.transfer.OutstandingRecords;
import dk.sagsbro.evidence.EvidenceBundles;
import dk.sagsbro.audit.AuditTrail;
import dk.sagsbro.retention.PayloadRetention;
import dk.sagsbro.packet.ContainerScanner;
import dk.sagsbro.packet.PacketLimits;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.registry.Municipalities;
import dk.sagsbro.signature.CmsSignatureVerifier;
import dk.sagsbro.signature.CmsSigner;
import dk.sagsbro.signature.Pem;
import dk.sagsbro.signature.Revocation;
import dk.sagsbro.signature.TrustAnchors;
import dk.sagsbro.storage.InlinePayloads;
import dk.sagsbro.storage.PayloadKeys;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.transfer.TransferRepository;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import dk.sagsbro.outbound.Dispatcher;
import org.apache.camel.ProducerTemplate;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/** Builds the framework-free parts of the gateway from its configuration. */
@ApplicationScoped
public class GatewayBeans {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Municipalities municipalities() {
        return Municipalities.builtIn();
    }

    @Produces
    @Singleton
    TrustAnchors trustAnchors(GatewayConfig config) {
        try (InputStream in = Locations.open(config.trustAnchors())) {
            return new TrustAnchors(Pem.certificates(in));
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.trust-anchors: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    Revocation revocation(GatewayConfig config, Clock clock) {
        Revocation.Mode mode;
        try {
            mode = Revocation.Mode.valueOf(config.revocation().mode().trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sagsbro.revocation.mode must be off, soft or hard", e);
        }
        java.util.List<String> crls = config.revocation().crls().orElse(java.util.List.of());
        if (mode != Revocation.Mode.OFF && crls.isEmpty()) {
            throw new IllegalArgumentException("sagsbro.revocation.mode=" + config.revocation().mode()
                    + " needs sagsbro.revocation.crls");
        }
        return new Revocation(mode, crls, config.revocation().reloadInterval(), clock, location -> {
            try {
                return Locations.open(location);
            } catch (IOException e) {
                throw new UncheckedIOException(location + ": " + e.getMessage(), e);
            }
        });
    }

    @Produces
    @Singleton
    CmsSigner gatewaySigner(GatewayConfig config) {
        try (InputStream certificate = Locations.open(config.signingCertificate());
                InputStream key = Locations.open(config.signingKey())) {
            return new CmsSigner(Pem.privateKey(key), Pem.certificates(certificate).get(0));
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.signing-certificate/-key: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    CompletenessCheck completenessCheck(GatewayConfig config, Clock clock) {
        if (config.completenessPolicy().isEmpty()) {
            return new CompletenessCheck(CompletenessPolicy.builtIn(), clock);
        }
        try (InputStream in = Locations.open(config.completenessPolicy().get())) {
            return new CompletenessCheck(CompletenessPolicy.read(in), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.completeness-policy: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    UploadGuard uploadGuard(GatewayConfig config) {
        return new UploadGuard(config.limits().concurrentUploads(), config.limits().uploadMinBytesPerSecond(),
                config.limits().uploadRateGrace(), System::nanoTime);
    }

    @Produces
    @Singleton
    ContainerScanner containerScanner(GatewayConfig config) {
        GatewayConfig.Limits limits = config.limits();
        return new ContainerScanner(new PacketLimits(limits.maxPacketBytes(), limits.maxEntries(),
                limits.maxEntryBytes(), limits.maxTotalUncompressedBytes(), limits.maxCompressionRatio(),
                PacketLimits.defaults().ratioThresholdBytes(), PacketLimits.DEFAULT_MAX_NAME_BYTES,
                PacketLimits.DEFAULT_MAX_KEPT_BYTES));
    }

    @Produces
    @Singleton
    PacketVerifier packetVerifier(TrustAnchors anchors, Clock clock, RegistryHolder registry,
            Validator validator, Municipalities municipalities, Revocation revocation) {
        return new PacketVerifier(new CmsSignatureVerifier(anchors, clock, revocation), () -> registry.current().identities(),
                new CaseMetadataReader(validator, municipalities));
    }

    @Produces
    @Singleton
    PayloadStore payloadStore(GatewayConfig config, Database database) {
        ProductionSafetyCheck.enforce(config);
        GatewayConfig.PayloadStorage storage = config.payloadStore();
        try {
            return new PayloadStore(PayloadStores.objectStore(config), payloadKeys(config),
                    config.retention().orphanGrace(), new InlinePayloads(database.dataSource(),
                            storage.inlineMaxBytes(), storage.inlineBudgetBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("payload store: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("sagsbro.payload-keyset: " + e.getMessage(), e);
        }
    }

    @Produces
    @Singleton
    TransferRepository transferRepository(Database database, DeadlinePolicy policy) {
        return new TransferRepository(database.dataSource(),
                new DeadlineSchedule(policy, new DanishWorkingDays())::firstCheck);
    }

    @Produces
    @Singleton
    AcknowledgementVerifier acknowledgementVerifier(TrustAnchors anchors, Clock clock, RegistryHolder registry,
            Municipalities municipalities, Revocation revocation) {
        return new AcknowledgementVerifier(new CmsSignatureVerifier(anchors, clock, revocation),
                () -> registry.current().identities(), municipalities);
    }

    @Produces
    @Singleton
    AcknowledgementRepository acknowledgementRepository(Database database) {
        return new AcknowledgementRepository(database.dataSource());
    }

    @Produces
    @Singleton
    AcknowledgementRecorder acknowledgementRecorder(TransferRepository transfers,
            AcknowledgementRepository acknowledgements, DeliveryReceipts receipts, Escalations escalations,
            Clock clock, GatewayMetrics metrics) {
        return new AcknowledgementRecorder(transfers, acknowledgements, receipts, escalations, clock, metrics);
    }

    @Produces
    @Singleton
    PullDelivery pullDelivery(TransferRepository transfers, DeliveryReceipts receipts, Clock clock,
            GatewayMetrics metrics) {
        return new PullDelivery(transfers, receipts, clock, metrics);
    }

    @Produces
    @Singleton
    DeliveryReceipts deliveryReceipts(CmsSigner gatewaySigner) {
        return new DeliveryReceipts(gatewaySigner);
    }

    @Produces
    @Singleton
    DeadlinePolicy deadlinePolicy(GatewayConfig config) {
        GatewayConfig.Deadlines deadlines = config.deadlines();
        return new DeadlinePolicy(deadlines.delivery(), deadlines.acknowledgement(),
                deadlines.urgentAcknowledgement(), deadlines.takenOverWorkingDays(), deadlines.reminderPercentages(),
                deadlines.chaseIntervals());
    }

    /** Called by the deadline-watch route. */
    @Produces
    @Singleton
    @jakarta.inject.Named("deadlineWatch")
    DeadlineWatch deadlineWatch(TransferRepository transfers, DeadlinePolicy policy, Escalations escalations,
            Clock clock) {
        return new DeadlineWatch(transfers, policy, new DanishWorkingDays(), escalations, clock);
    }

    @Produces
    @Singleton
    NotificationRepository notificationRepository(Database database) {
        return new NotificationRepository(database.dataSource());
    }

    @Produces
    @Singleton
    Escalations escalations(NotificationRepository notifications, RegistryHolder registry) {
        return new Escalations(notifications, code -> registry.current().entry(code)
                .map(MunicipalityRegistry.Entry::escalation).orElse(java.util.List.of()));
    }

    /** How long a push or webhook round waits for its endpoints' lanes before the next round may start. */
    private static final java.time.Duration OUTBOUND_ROUND_BUDGET = java.time.Duration.ofSeconds(2);

    /** Called by the notification routes; each claimed notification goes through the notify-one route. */
    @Produces
    @Singleton
    @jakarta.inject.Named("webhookNotifier")
    WebhookNotifier webhookNotifier(NotificationRepository notifications, CmsSigner gatewaySigner,
            @jakarta.inject.Named("outboundTls") javax.net.ssl.SSLContext tls, Clock clock, ProducerTemplate routes) {
        WebhookNotifier notifier = new WebhookNotifier(notifications, gatewaySigner, tls, clock,
                OUTBOUND_ROUND_BUDGET);
        notifier.dispatchWith(throughRoute(routes, "direct:notify-one"));
        return notifier;
    }

    /** Outgoing work sent through a route; the route's last step answers 1 (delivered) or 0. */
    private static <T> Dispatcher<T> throughRoute(ProducerTemplate routes, String endpoint) {
        return item -> {
            Integer delivered = routes.requestBody(endpoint, item, Integer.class);
            return delivered == null ? 0 : delivered;
        };
    }

    @Produces
    @Singleton
    DeliveryJobs deliveryJobs(Database database) {
        return new DeliveryJobs(database.dataSource());
    }

    /**
     * The gateway as a TLS client of the municipalities' servers (push endpoints, escalation webhooks): it presents
     * its signing certificate and trusts the municipal PKI's anchors.
     */
    @Produces
    @Singleton
    @jakarta.inject.Named("outboundTls")
    javax.net.ssl.SSLContext outboundTls(GatewayConfig config, TrustAnchors anchors) {
        try (InputStream certificate = Locations.open(config.signingCertificate());
                InputStream key = Locations.open(config.signingKey())) {
            return TlsContexts.forClient(anchors.certificates(), Pem.privateKey(key), Pem.certificates(certificate));
        } catch (IOException e) {
            throw new UncheckedIOException("sagsbro.signing-certificate/-key: " + e.getMessage(), e);
        }
    }

    /**
     * Called by the push-delivery routes. Each claimed job goes through the push-one route, so that its steps and
     * their error handling are the route's.
     */
    @Produces
    @Singleton
    @jakarta.inject.Named("pushDelivery")
    PushDelivery pushDelivery(GatewayConfig config, DeliveryJobs jobs, TransferRepository transfers,
            DeliveryReceipts receipts, PayloadStore payloads, DeadlinePolicy deadlines,
            @jakarta.inject.Named("outboundTls") javax.net.ssl.SSLContext tls, Clock clock,
            GatewayMetrics metrics, ProducerTemplate routes) {
        PushDelivery delivery = new PushDelivery(jobs, transfers, receipts, payloads, deadlines, tls,
                config.delivery().pushTimeout(), clock, metrics, OUTBOUND_ROUND_BUDGET,
                config.delivery().pushesPerReceiver());
        delivery.dispatchWith(throughRoute(routes, "direct:push-one"));
        return delivery;
    }

    @Produces
    @Singleton
    TransferQueues transferQueues(Database database) {
        return new TransferQueues(database.dataSource());
    }

    @Produces
    @Singleton
    ResponseShares responseShares(Database database, DeadlinePolicy policy) {
        return new ResponseShares(database.dataSource(), policy, new DanishWorkingDays());
    }

    @Produces
    @Singleton
    OperatorActions operatorActions(TransferRepository transfers, DeliveryJobs jobs,
            NotificationRepository notifications, Escalations escalations, AcknowledgementRepository acknowledgements,
            RegistryHolder registry, DeadlinePolicy policy, Redirects redirects, Clock clock) {
        return new OperatorActions(transfers, jobs, notifications, escalations, acknowledgements, registry::current,
                policy, redirects::redirect, clock);
    }

    /** Called by the payload-retention route. */
    @Produces
    @Singleton
    @jakarta.inject.Named("payloadRetention")
    PayloadRetention payloadRetention(Database database, PayloadStore payloads, GatewayConfig config,
            Escalations escalations, Clock clock) {
        return new PayloadRetention(database.dataSource(), payloads, config.retention().grace(),
                config.retention().stuckAfter(), config.retention().stuckWarning(), config.retention().orphanGrace(),
                escalations, clock);
    }

    /** Called by the audit-seal route. */
    @Produces
    @Singleton
    @jakarta.inject.Named("auditTrail")
    AuditTrail auditTrail(Database database) {
        return new AuditTrail(database.dataSource());
    }

    @Produces
    @Singleton
    EvidenceBundles evidenceBundles(TransferRepository transfers, AcknowledgementRepository acknowledgements,
            AuditTrail trail, CmsSigner gatewaySigner, Clock clock) {
        return new EvidenceBundles(transfers, acknowledgements, trail, gatewaySigner, clock);
    }

    /** Called by the audit-anchor route. */
    @Produces
    @Singleton
    @jakarta.inject.Named("auditAnchors")
    AuditAnchors auditAnchors(Database database, AuditTrail trail, CmsSigner gatewaySigner, Clock clock) {
        return new AuditAnchors(database.dataSource(), trail, gatewaySigner, clock);
    }

    @Produces
    @Singleton
    SubjectPseudonyms subjectPseudonyms(GatewayConfig config) throws IOException {
        return new SubjectPseudonyms(localKey(config, config.pseudonymKey(), "pseudonym.key", "sagsbro.pseudonym-key",
                "SAGSBRO_PSEUDONYM_KEY"));
    }

    @Produces
    @Singleton
    OutstandingRecords outstandingRecords(Database database) {
        return new OutstandingRecords(database.dataSource());
    }

    @Produces
    @Singleton
    TransferSubjects transferSubjects(Database database) {
        return new TransferSubjects(database.dataSource());
    }

    @Produces
    @Singleton
    DataSubjectRequests dataSubjectRequests(SubjectPseudonyms pseudonyms, TransferSubjects subjects,
            TransferRepository transfers, AuditTrail trail, Clock clock) {
        return new DataSubjectRequests(pseudonyms, subjects, transfers, trail, clock);
    }

    /**
     * The configured keyset, which may still read with the single key of earlier versions; without one, that single
     * key (generated in the data directory outside production).
     */
    private static PayloadKeys payloadKeys(GatewayConfig config) throws IOException, GeneralSecurityException {
        Optional<String> keyset = config.payloadKeyset().isPresent() ? config.payloadKeyset()
                : config.payloadKeysetFile().map(file -> {
                    try (InputStream in = Locations.open(file)) {
                        return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException("sagsbro.payload-keyset-file: " + e.getMessage(), e);
                    }
                });
        if (keyset.isEmpty()) {
            return PayloadKeys.ofRawKey(localKey(config, config.payloadKey(), "payload.key", "sagsbro.payload-key",
                    "SAGSBRO_PAYLOAD_KEY"));
        }
        Path generated = Path.of(config.dataDir()).resolve("payload.key");
        Optional<byte[]> earlierKey = config.payloadKey().map(key -> Base64.getDecoder().decode(key.trim()));
        if (earlierKey.isEmpty() && Files.isRegularFile(generated)) {
            earlierKey = Optional.of(Base64.getDecoder().decode(Files.readString(generated).trim()));
        }
        return PayloadKeys.ofKeyset(PayloadKeys.parseKeyset(keyset.get()), earlierKey);
    }

    /**
     * A 32-byte key from configuration or, outside production, from a file in the data directory that is generated
     * on first use (readable by the gateway's user only).
     */
    private static byte[] localKey(GatewayConfig config, Optional<String> configured, String fileName,
            String property, String variable) throws IOException {
        if (configured.isPresent()) {
            return Base64.getDecoder().decode(configured.get().trim());
        }
        Path dataDir = Path.of(config.dataDir());
        Path keyFile = dataDir.resolve(fileName);
        if (!Files.exists(keyFile)) {
            if (ProductionSafetyCheck.production(config)) {
                throw new IllegalStateException(property + " is not set: in production the gateway never "
                        + "generates a key beside the data it protects");
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(dataDir);
            try {
                // Readable by the gateway's user only from the moment it exists.
                Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(keyFile);
            }
            Files.writeString(keyFile, Base64.getEncoder().encodeToString(key), StandardOpenOption.WRITE);
            Log.warnf("%s is not set: generated a key in the data directory. Set %s in production.", property,
                    variable);
        }
        return Base64.getDecoder().decode(Files.readString(keyFile).trim());
    }
}
