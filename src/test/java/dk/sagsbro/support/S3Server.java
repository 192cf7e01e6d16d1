package dk.sagsbro.support;

import dk.sagsbro.storage.S3ObjectStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real S3 API server on loopback: s3proxy on its filesystem backend, run from its self-contained jar (copied to
 * target/s3proxy by the build) as a process of its own. As a JUnit extension it serves one test class; each test
 * takes a fresh bucket from it.
 */
public final class S3Server implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    public static final String ACCESS_KEY = "example-access-key";
    public static final String SECRET_KEY = "example-secret-key";
    /** s3proxy takes buckets only without a location constraint, which is us-east-1's. */
    public static final String REGION = "us-east-1";

    private Process process;
    private int port;
    private Path dataDirectory;
    private S3Client client;

    /** Starts a server; {@link #close()} stops it. */
    public static S3Server started() {
        S3Server server = new S3Server();
        server.start();
        return server;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public synchronized void start() {
        try {
            Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the build copies it (mvnw generate-test-resources)");
            }
            if (dataDirectory == null) {
                dataDirectory = Files.createTempDirectory(Files.createDirectories(Path.of("target", "s3proxy")), "data-").toAbsolutePath();
            }
            if (port == 0) {
                try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                    port = probe.getLocalPort();
                }
            }
            Path properties = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".properties");
            Files.writeString(properties, String.join("\n", List.of(
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + dataDirectory)) + "\n");
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            process = new ProcessBuilder(java.toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
                    jar.toString(), "--properties", properties.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log").toFile()))
                    .start();
            Awaitility.await("s3proxy answering on port " + port).atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200)).until(this::answers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server at once (as a crash would), keeping its data for {@link #start()}. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private boolean answers() {
        if (!process.isAlive()) {
            throw new IllegalStateException("s3proxy exited with " + process.exitValue());
        }
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint()).toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(1000);
            int status = connection.getResponseCode();
            connection.disconnect();
            return status > 0;
        } catch (IOException notYet) {
            return false;
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** A client as the gateway configures one: path-style, checksums only where required. */
    public synchronized S3Client client() {
        if (client == null) {
            client = S3Client.builder()
                    .endpointOverride(URI.create(endpoint()))
                    .region(Region.of(REGION))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    .httpClient(UrlConnectionHttpClient.create())
                    .build();
        }
        return client;
    }

    /** Creates a new, empty bucket and returns its name. */
    public String freshBucket() {
        String bucket = "sagsbro-" + UUID.randomUUID().toString().substring(0, 8);
        client().createBucket(r -> r.bucket(bucket));
        return bucket;
    }

    /** An object store on a fresh bucket, with the smallest parts S3 allows so that tests reach multipart soon. */
    public S3ObjectStore freshStore() {
        return new S3ObjectStore(client(), freshBucket(), "payloads/", S3ObjectStore.MIN_PART_BYTES);
    }

    /** The gateway's configuration for a payload store in {@code bucket} on this server. */
    public Map<String, String> gatewayConfiguration(String bucket) {
        return Map.of(
                "sagsbro.payload-store.type", "s3",
                "sagsbro.payload-store.s3.endpoint", endpoint(),
                "sagsbro.payload-store.s3.region", REGION,
                "sagsbro.payload-store.s3.bucket", bucket,
                "sagsbro.payload-store.s3.path-style", "true",
                "sagsbro.payload-store.s3.access-key-id", ACCESS_KEY,
                "sagsbro.payload-store.s3.secret-access-key", SECRET_KEY);
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        kill();
    }
}
