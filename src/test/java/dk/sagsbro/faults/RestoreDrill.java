package dk.sagsbro.faults;

import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.TinkJsonProtoKeysetFormat;
import com.google.crypto.tink.streamingaead.PredefinedStreamingAeadParameters;
import com.google.crypto.tink.streamingaead.StreamingAeadConfig;
import dk.sagsbro.storage.PayloadKeys;
import dk.sagsbro.storage.PayloadStore;
import dk.sagsbro.storage.S3ObjectStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The restore drill (docs/operating.md, "Backup, restore and keys"): PostgreSQL with WAL archiving and a base backup
 * taken while the gateways work; more packets after it; the site lost (every instance and the database killed); the
 * database restored to a point in time from the base backup and the archive; then, with the payload keyset from
 * escrow only, every packet the restored database refers to is read back from the object store and checked against
 * its recorded digest. A gateway started on the restored database sweeps the objects of transfers recorded after the
 * recovery target, which the restored database no longer knows.
 */
final class RestoreDrill {
    private RestoreDrill() {
    }

    static FaultMatrix.Result run(Path work) throws Exception {
        Path archive = work.resolveSibling(work.getFileName() + "-wal-archive");
        Cluster.deleteRecursively(archive);
        Files.createDirectories(archive);
        Map<String, String> archiving = Map.of("wal_level", "replica", "archive_mode", "on",
                "archive_command", "cp %p " + archive.toAbsolutePath() + "/%f", "archive_timeout", "5");
        StreamingAeadConfig.register();
        String keyset = TinkJsonProtoKeysetFormat.serializeKeyset(KeysetHandle.generateNew(
                PredefinedStreamingAeadParameters.AES256_GCM_HKDF_1MB), InsecureSecretKeyAccess.get());
        try (FaultMatrix.Setup setup = new FaultMatrix.Setup(work, 2,
                Map.of("SAGSBRO_PAYLOAD_KEYSET", keyset), archiving)) {
            // key escrow: the keyset is kept apart from the data it protects
            Path escrow = Files.createDirectories(work.resolve("escrow")).resolve("payload-keyset.json");
            Files.writeString(escrow, keyset);

            setup.senders.sendAll(FaultMatrix.smallPackets(20), 4, Duration.ofMinutes(2));
            Path base = work.resolve("base-backup");
            baseBackup(setup.cluster, base);
            setup.senders.sendAll(FaultMatrix.smallPackets(15), 4, Duration.ofMinutes(2));
            Set<String> beforeTarget = new HashSet<>(setup.senders.accepted);
            Thread.sleep(1000);
            Instant target = Instant.now();
            Thread.sleep(1000);
            setup.senders.sendAll(FaultMatrix.smallPackets(15), 4, Duration.ofMinutes(2));
            setup.ledger.awaitStatus(setup.senders.accepted, "ACKNOWLEDGED", Duration.ofMinutes(2));
            try (Connection connection = setup.cluster.database().getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("select pg_switch_wal()");
            }
            Thread.sleep(6000); // archive_timeout: the last segment reaches the archive

            // the site is lost
            setup.cluster.killAll();
            setup.cluster.stopPostgresImmediately();

            Path restoredData = work.resolve("restored-postgres");
            long restoring = System.nanoTime();
            copyDirectory(base, restoredData);
            Files.writeString(restoredData.resolve("recovery.signal"), "");
            Files.writeString(restoredData.resolve("postgresql.auto.conf"), "\nrestore_command = 'cp "
                    + archive.toAbsolutePath() + "/%f %p'\nrecovery_target_time = '"
                    + OffsetDateTime.ofInstant(target, ZoneOffset.UTC).format(
                            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSx"))
                    + "'\nrecovery_target_action = 'promote'\n",
                    StandardOpenOption.APPEND);
            EmbeddedPostgres restored = EmbeddedPostgres.builder().setDataDirectory(restoredData)
                    .setCleanDataDirectory(false).setRegisterShutdownHook(false)
                    .setPGStartupWait(Duration.ofMinutes(2))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(work.resolve("restore.log").toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(work.resolve("restore.log").toFile()))
                    .start();
            Duration restoreTime = Duration.ofNanos(System.nanoTime() - restoring);
            try {
                // with the escrowed keyset only: every packet the restored database refers to, from the bucket or,
                // for a small one, from the restored database itself
                PayloadStore payloads = new PayloadStore(new S3ObjectStore(setup.cluster.objectStore().client(),
                        setup.cluster.bucket(), "payloads/", S3ObjectStore.MIN_PART_BYTES),
                        PayloadKeys.ofKeyset(PayloadKeys.parseKeyset(Files.readString(escrow)), Optional.empty()),
                        PayloadStore.DEFAULT_ORPHAN_GRACE, new dk.sagsbro.storage.InlinePayloads(
                                restored.getPostgresDatabase(), dk.sagsbro.storage.InlinePayloads.MAX_INLINE_BYTES, 0));
                Set<String> restoredIds = new HashSet<>();
                int readable = 0;
                int unreadable = 0;
                try (Connection connection = restored.getPostgresDatabase().getConnection();
                        PreparedStatement select = connection.prepareStatement(
                                "select id, packet_digest, payload_ref from transfer where payload_deleted_at is null");
                        ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        restoredIds.add(rows.getString(1));
                        if (digestOf(payloads, rows.getString(3)).equals(rows.getString(2))) {
                            readable++;
                        } else {
                            unreadable++;
                        }
                    }
                }
                Set<String> missing = new HashSet<>(beforeTarget);
                missing.removeAll(restoredIds);
                Set<String> afterTarget = new HashSet<>(setup.senders.accepted);
                afterTarget.removeAll(beforeTarget);
                Set<String> unexpected = new HashSet<>(restoredIds);
                unexpected.retainAll(afterTarget);

                // a gateway on the restored database: its sweep removes what only the lost later history referred to
                setup.cluster.usePostgres(restored);
                setup.cluster.start(0);
                Ledger ledger = setup.ledger; // reads the cluster's database: the restored one now
                int orphans = ledger.awaitNoOrphans(Duration.ofSeconds(90));
                return new FaultMatrix.Result("restore drill: point-in-time recovery + escrowed keyset",
                        setup.senders.accepted.size(), missing.size() + unexpected.size() + unreadable,
                        ledger.businessDuplicates(), setup.receiver.wireDuplicates(), orphans,
                        FaultMatrix.seconds(restoreTime) + " (restore and replay)", "target after "
                                + beforeTarget.size() + " of " + setup.senders.accepted.size() + " transfers: restored "
                                + restoredIds.size() + ", read back and digest-checked with the escrowed keyset "
                                + readable + ", unreadable " + unreadable + ", later ones present " + unexpected.size());
            } finally {
                setup.cluster.killAll();
                restored.close();
            }
        } finally {
            Cluster.deleteRecursively(archive);
        }
    }

    /** The low-level base backup: copy the live data directory between pg_backup_start and pg_backup_stop. */
    static void baseBackup(Cluster cluster, Path target) throws Exception {
        try (Connection connection = cluster.database().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_backup_start('sagsbro-restore-drill', true)");
            copyDirectory(cluster.postgresData(), target);
            try (ResultSet stop = statement.executeQuery("select labelfile, spcmapfile from pg_backup_stop(true)")) {
                stop.next();
                Files.writeString(target.resolve("backup_label"), stop.getString(1));
                String tablespaces = stop.getString(2);
                if (tablespaces != null && !tablespaces.isEmpty()) {
                    Files.writeString(target.resolve("tablespace_map"), tablespaces);
                }
            }
        }
    }

    /** Copies a data directory, leaving out what a restore must not bring back (the WAL comes from the archive). */
    static void copyDirectory(Path source, Path target) throws IOException {
        Cluster.deleteRecursively(target);
        try (var paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path relative = source.relativize(path);
                String name = relative.toString();
                if (name.equals("postmaster.pid") || name.equals("postmaster.opts") || name.equals("epg-lock")
                        || (name.startsWith("pg_wal/") && !Files.isDirectory(path))) {
                    continue;
                }
                Path copy = target.resolve(relative);
                try {
                    if (Files.isDirectory(path)) {
                        Files.createDirectories(copy);
                    } else {
                        Files.copy(path, copy);
                    }
                } catch (NoSuchFileException goneMeanwhile) {
                    // a temporary file of the running server; the WAL replay covers what mattered
                }
            }
        }
        // PostgreSQL starts only on a data directory its user alone may enter
        Files.setPosixFilePermissions(target, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    static String digestOf(PayloadStore payloads, String reference) {
        try (InputStream in = payloads.open(reference)) {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha256.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }
}
