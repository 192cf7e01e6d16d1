package dk.sagsbro.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Sagsbro's settings (docs/configuration.md lists them). Locations name a file, or a resource packaged with the
 * gateway when no such file exists; the defaults are the example PKI, so the default run needs no configuration.
 */
@ConfigMapping(prefix = "sagsbro")
public interface GatewayConfig {

    /**
     * {@code production} refuses to start on example material (trust anchors, keys, operator accounts from
     * certs-example, revocation off, a generated payload key); {@code example} allows it, as the embedded default and
     * the tests do. Unset: production when PostgreSQL is active.
     */
    Optional<String> mode();

    /** Where the default run keeps all its state: the embedded database and the payload store. */
    @WithDefault("./data")
    String dataDir();

    /**
     * Base64 of the 32-byte key that encrypts payloads at rest. When absent, a key is generated once and kept in
     * the data directory: fine for the embedded default, never for production.
     */
    Optional<String> payloadKey();

    /**
     * The payload keys as a Tink keyset in JSON (streaming AEAD keys): its primary key encrypts new packets, its
     * other enabled keys still read the packets they encrypted. Takes precedence over {@link #payloadKey()}, which
     * then only reads what it encrypted before.
     */
    Optional<String> payloadKeyset();

    /** The same keyset from a file (a mounted secret); used when {@link #payloadKeyset()} is unset. */
    Optional<String> payloadKeysetFile();

    /** Where packet bytes are kept at rest (docs/operating.md, "Several instances"). */
    PayloadStorage payloadStore();

    interface PayloadStorage {
        /**
         * {@code directory}: {@code data-dir/payloads}, for one gateway instance (the embedded default); {@code s3}:
         * an S3-compatible bucket that every instance shares.
         */
        @WithDefault("directory")
        String type();

        /**
         * Encrypted payloads up to this many bytes are kept in the database, written by the commit that records
         * their transfer, instead of as objects of their own; 0 keeps every payload in the store. At most 16 MiB.
         */
        @WithDefault("262144")
        int inlineMaxBytes();

        /** How many bytes of such payloads, not yet committed, all intakes together may hold in memory. */
        @WithDefault("33554432")
        long inlineBudgetBytes();

        S3 s3();

        /** An S3-compatible object store: AWS S3, MinIO, Ceph. */
        interface S3 {
            /** The store's URL, such as {@code https://minio.example:9000}; unset for AWS S3 itself. */
            Optional<String> endpoint();

            @WithDefault("eu-north-1")
            String region();

            Optional<String> bucket();

            /** Key prefix of the gateway's objects in the bucket. */
            @WithDefault("payloads/")
            String prefix();

            /** Path-style addressing (bucket in the path, not the host name): MinIO and Ceph usually need it. */
            @WithDefault("false")
            boolean pathStyle();

            /** Unset: the SDK's default chain (environment, profile, instance or container role). */
            Optional<String> accessKeyId();

            Optional<String> secretAccessKey();

            /** The part size of a multipart upload, and so the memory one upload in progress holds (at least 5 MiB). */
            @WithDefault("8388608")
            int partBytes();
        }
    }

    /**
     * The key of the CPR pseudonyms (32 random bytes, base64) that let an operator answer a data-subject request;
     * generated in the data directory when unset, except in production.
     */
    Optional<String> pseudonymKey();

    /** PEM file of the certificate authorities trusted for packet signatures. */
    @WithDefault("certs-example/ca.crt.pem")
    String trustAnchors();

    /** The municipality registry (YAML): names, CVR numbers, delivery and escalation of the 98 municipalities. */
    @WithDefault("certs-example/registry.yaml")
    String registry();

    /** How often the gateway looks for a changed registry file. */
    @WithDefault("10s")
    String registryReloadInterval();

    /** The gateway's own certificate and key (PEM), used to sign receipts. */
    @WithDefault("certs-example/gateway.crt.pem")
    String signingCertificate();

    @WithDefault("certs-example/gateway.key.pem")
    String signingKey();

    /** A completeness policy file replacing the built-in one. */
    Optional<String> completenessPolicy();

    Limits limits();

    Deadlines deadlines();

    Notifications notifications();

    Delivery delivery();

    Console console();

    Retention retention();

    Audit audit();

    /** The hash-chained audit trail (docs/operating.md, "The audit trail"). */
    interface Audit {
        /** How often the chain's head is signed and stored as an anchor (and written to the log). */
        @WithDefault("10m")
        String anchorInterval();

        /**
         * How often the records committed since are sealed into the chain: the longest a record waits for its
         * sequence number and hash when nothing reads the trail meanwhile.
         */
        @WithDefault("200ms")
        String sealInterval();
    }

    Revocation revocation();

    /** Certificate revocation, from CRL files kept current by the operators (docs/operating.md). */
    interface Revocation {
        /** {@code off}, {@code soft} (refuse revoked certificates) or {@code hard} (also those without a current CRL). */
        @WithDefault("off")
        String mode();

        /** The CRL files (PEM or DER), one location each. */
        Optional<java.util.List<String>> crls();

        /** How often the CRL files are re-read. */
        @WithDefault("PT1M")
        java.time.Duration reloadInterval();
    }

    /** How long a packet's content is kept once its transfer has ended (docs/domain.md: the gateway is not the archive). */
    interface Retention {
        /** After the transfer was taken over or cancelled. */
        @WithDefault("P30D")
        java.time.Duration grace();

        /** After a transfer that never finished (delivered, acknowledged or rejected) last changed state. */
        @WithDefault("P90D")
        java.time.Duration stuckAfter();

        /** How long before such a deletion both parties are warned by webhook. */
        @WithDefault("P14D")
        java.time.Duration stuckWarning();

        /**
         * How long a packet object that no transfer refers to (an intake cut off or crashed) is left before it is
         * removed; an intake must record its packet within half of it.
         */
        @WithDefault("PT1H")
        java.time.Duration orphanGrace();

        /** How often the gateway looks for packets to delete. */
        @WithDefault("1h")
        String sweepInterval();
    }

    /** The operator console at /console. */
    interface Console {
        /**
         * How operators log in: {@code form}, with the accounts in {@link #operatorsFile()} (the embedded default),
         * or {@code code}, OpenID Connect's authorization code flow (production; configure quarkus.oidc.*).
         */
        @WithDefault("form")
        String authentication();

        /** The operator accounts for form login: a properties file of {@code name = password hash}. */
        @WithDefault("certs-example/operators.properties")
        String operatorsFile();

        /** How often the overview reloads itself in the browser (operators can pause it). */
        @WithDefault("30")
        int refreshSeconds();

        /**
         * Where the accessibility statement sends feedback: the operating organisation's contact (an e-mail address
         * or a web form), named in the statement.
         */
        @WithDefault("the organisation that operates this gateway")
        String accessibilityContact();
    }

    /** Push delivery to receivers registered with mode PUSH. */
    interface Delivery {
        /** How often due pushes are made. */
        @WithDefault("1s")
        String pushInterval();

        /** How long one push may take, from connecting to the receiver's answer. */
        @WithDefault("PT5M")
        java.time.Duration pushTimeout();

        /** How many pushes to one receiver are in flight at once (each on its own connection). */
        @WithDefault("" + dk.sagsbro.delivery.PushDelivery.DEFAULT_PUSHES_PER_RECEIVER)
        int pushesPerReceiver();
    }

    /** Notifications to the municipalities' escalation webhooks. */
    interface Notifications {
        /** How often due notifications are sent. */
        @WithDefault("2s")
        String sendInterval();
    }

    /** The deadline policy (docs/operating.md); the defaults follow docs/domain.md. */
    interface Deadlines {
        /** Delivery after the packet was received. */
        @WithDefault("PT15M")
        java.time.Duration delivery();

        /** The RECEIVED acknowledgement after the packet became available to the receiver, in clock hours (§ 136). */
        @WithDefault("PT24H")
        java.time.Duration acknowledgement();

        /** The same for an urgent transfer. */
        @WithDefault("PT2H")
        java.time.Duration urgentAcknowledgement();

        /** TAKEN_OVER after the packet became available to the receiver, in Danish working days. */
        @WithDefault("6")
        int takenOverWorkingDays();

        /** When to remind, in percent of each deadline. */
        @WithDefault("50,80")
        java.util.List<Integer> reminderPercentages();

        /**
         * After a missed deadline, the time to each next chase of the receiver and the sender; the last interval
         * repeats until someone reacts.
         */
        @WithDefault("PT4H,PT24H")
        java.util.List<java.time.Duration> chaseIntervals();

        /** How often the deadline watch looks at open transfers. */
        @WithDefault("30s")
        String sweepInterval();
    }

    /** Bounds on a packet, enforced while it streams in. */
    interface Limits {
        @WithDefault("8589934592")
        long maxPacketBytes();

        @WithDefault("10000")
        int maxEntries();

        @WithDefault("4294967296")
        long maxEntryBytes();

        @WithDefault("17179869184")
        long maxTotalUncompressedBytes();

        @WithDefault("100")
        int maxCompressionRatio();

        /** How many uploads one municipality may have under way at once. */
        @WithDefault("4")
        int concurrentUploads();

        /** The average rate an upload must keep up once {@link #uploadRateGrace()} is over. */
        @WithDefault("65536")
        long uploadMinBytesPerSecond();

        @WithDefault("PT30S")
        java.time.Duration uploadRateGrace();

        /** Free disk space the payload store never writes into (intake answers 503 storage-full below it). */
        @WithDefault("1073741824")
        long diskReserveBytes();
    }
}
