package dk.sagsbro.faults;

import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.PackagedGateway;
import dk.sagsbro.support.S3Server;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import javax.sql.DataSource;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several packaged gateways side by side on one PostgreSQL server and one S3-compatible object store, as production
 * runs them, with the means to break each piece: kill an instance (SIGKILL) and start it again, stop PostgreSQL
 * immediately ({@code pg_ctl stop -m immediate}: SIGQUIT to the postmaster) and start it on the same data, stop the
 * object store and start it again.
 */
final class Cluster implements AutoCloseable {
    static final int FIRST_PORT = 18801;

    private final Path work;
    private final Path pgData;
    private final int pgPort;
    private final Map<String, String> settings;
    private final List<Integer> managementPorts = new ArrayList<>();
    private final List<Integer> debugPorts = new ArrayList<>();
    private final List<PackagedGateway> instances = new ArrayList<>();
    private final S3Server s3;
    private final String bucket;
    private final Map<String, String> postgresConfig;
    private EmbeddedPostgres postgres;

    /**
     * @param settings configuration for every instance (environment variables), on top of the cluster's own
     */
    Cluster(Path work, int size, Map<String, String> settings) throws Exception {
        this(work, size, settings, Map.of());
    }

    /** @param postgresConfig settings of the PostgreSQL server (such as WAL archiving) */
    Cluster(Path work, int size, Map<String, String> settings, Map<String, String> postgresConfig) throws Exception {
        this.work = Files.createDirectories(work);
        this.postgresConfig = postgresConfig;
        this.pgData = work.resolve("postgres");
        deleteRecursively(pgData);
        this.pgPort = freePort();
        startPostgres();
        this.s3 = S3Server.started();
        this.bucket = s3.freshBucket();
        Map<String, String> all = new HashMap<>();
        s3.gatewayConfiguration(bucket).forEach((key, value) -> all.put(environmentName(key), value));
        all.put("SAGSBRO_LIMITS_CONCURRENT_UPLOADS", "32");
        all.put("QUARKUS_LOG_CATEGORY__DK_SAGSBRO__LEVEL", "INFO");
        all.putAll(settings);
        this.settings = all;
        for (int i = 0; i < size; i++) {
            managementPorts.add(freePort());
            debugPorts.add(freePort());
            instances.add(null);
        }
        // side by side, as a deployment starts them
        List<Thread> starting = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < size; i++) {
            int instance = i;
            Thread thread = new Thread(() -> {
                try {
                    start(instance);
                } catch (Exception e) {
                    failures.add(e);
                }
            });
            thread.start();
            starting.add(thread);
        }
        for (Thread thread : starting) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            close();
            throw failures.get(0);
        }
    }

    static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    int size() {
        return instances.size();
    }

    URI base(int instance) {
        return URI.create("https://localhost:" + (FIRST_PORT + instance) + "/");
    }

    GatewayClient client(int instance, String municipality) {
        return GatewayClient.municipality(base(instance), municipality);
    }

    boolean alive(int instance) {
        PackagedGateway gateway = instances.get(instance);
        return gateway != null && gateway.isAlive();
    }

    /** Starts the instance and waits until it takes requests; returns how long that took. */
    Duration start(int instance) throws Exception {
        return start(instance, Map.of());
    }

    Duration start(int instance, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(settings);
        env.put("QUARKUS_MANAGEMENT_PORT", String.valueOf(managementPorts.get(instance)));
        env.putAll(extra);
        long began = System.nanoTime();
        // A debugger may attach on loopback (KillAtBreakpoint); nothing is suspended until it does.
        List<String> jvm = List.of("java", "-Xmx256m", "-XX:+UseSerialGC",
                "-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:" + debugPorts.get(instance));
        instances.set(instance, PackagedGateway.start(postgres, FIRST_PORT + instance,
                work.resolve("data-" + instance), jvm, env, work.resolve("gateway-" + instance + ".log")));
        return Duration.ofNanos(System.nanoTime() - began);
    }

    long pid(int instance) {
        return instances.get(instance).pid();
    }

    int debugPort(int instance) {
        return debugPorts.get(instance);
    }

    Path work() {
        return work;
    }

    /** SIGTERM, as Kubernetes stops a pod: the graceful shutdown runs. Returns how long the process took to end. */
    Duration stop(int instance) throws InterruptedException {
        long began = System.nanoTime();
        instances.get(instance).close();
        return Duration.ofNanos(System.nanoTime() - began);
    }

    /** SIGKILL: no shutdown hook, no graceful anything. */
    void kill(int instance) throws InterruptedException {
        PackagedGateway gateway = instances.get(instance);
        if (gateway != null) {
            gateway.kill();
        }
    }

    /** Readiness as the load balancer sees it (the management port's /q/health/ready). */
    boolean ready(int instance) {
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + managementPorts.get(instance) + "/q/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    Path postgresData() {
        return pgData;
    }

    /** Stops every instance at once (SIGKILL), as a lost site would. */
    void killAll() throws InterruptedException {
        for (int i = 0; i < instances.size(); i++) {
            kill(i);
        }
    }

    /** From now on the instances started use this server (a restored copy of the database). */
    void usePostgres(EmbeddedPostgres restored) {
        postgres = restored;
    }

    /** Stops PostgreSQL cleanly. */
    void stopPostgres() throws IOException {
        postgres.close();
    }

    DataSource database() {
        return postgres.getPostgresDatabase();
    }

    S3Server objectStore() {
        return s3;
    }

    String bucket() {
        return bucket;
    }

    void startPostgres() throws IOException {
        EmbeddedPostgres.Builder builder = dk.sagsbro.support.DurablePostgres.builder();
        if (!postgresConfig.isEmpty()) {
            // into postgresql.conf at initdb: values with spaces (an archive command) do not survive the command line
            builder.setDataDirectoryCustomizer(directory -> {
                StringBuilder lines = new StringBuilder("\n");
                postgresConfig.forEach((key, value) -> lines.append(key).append(" = '").append(value).append("'\n"));
                try {
                    Files.writeString(directory.toPath().resolve("postgresql.conf"), lines,
                            java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
        postgres = builder.setDataDirectory(pgData).setCleanDataDirectory(false)
                .setPort(pgPort).setRegisterShutdownHook(false)
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(work.resolve("postgres.log").toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(work.resolve("postgres.log").toFile()))
                .start();
    }

    /** {@code pg_ctl stop -m immediate}: the postmaster gets SIGQUIT and every backend ends at once. */
    void stopPostgresImmediately() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
        new ProcessBuilder("kill", "-QUIT", String.valueOf(pid)).inheritIO().start().waitFor();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Files.deleteIfExists(pgData.resolve("postmaster.pid"));
        try {
            postgres.close(); // lets go of the data directory's lock; the server is already gone
        } catch (IOException | RuntimeException alreadyStopped) {
            // pg_ctl finds no server to stop
        }
    }

    @Override
    public void close() throws Exception {
        for (int i = 0; i < instances.size(); i++) {
            PackagedGateway gateway = instances.get(i);
            if (gateway != null) {
                gateway.kill();
            }
        }
        s3.close();
        postgres.close();
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * A loopback port that is free now and stays free until an instance binds it, maybe minutes later (a restart). It
     * is taken below the kernel's ephemeral range (32768 and up): a port the kernel handed out for port 0 could be
     * given again to any outgoing connection meanwhile, and an instance once failed to start on "bind failed:
     * Address already in use".
     */
    static int freePort() throws IOException {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = random.nextInt(20_000, 32_000);
            if (!HANDED_OUT.add(port)) {
                continue;
            }
            try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // in use by something else: try another
            }
        }
        throw new IOException("no free port found between 20000 and 32000");
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
