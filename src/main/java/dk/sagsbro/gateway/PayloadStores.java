package dk.sagsbro.gateway;

import dk.sagsbro.storage.DirectoryObjectStore;
import dk.sagsbro.storage.ObjectStore;
import dk.sagsbro.storage.S3ObjectStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Builds the configured {@link ObjectStore}: the data directory's, or an S3-compatible bucket. */
final class PayloadStores {
    private PayloadStores() {
    }

    static ObjectStore objectStore(GatewayConfig config) throws IOException {
        GatewayConfig.PayloadStorage storage = config.payloadStore();
        return switch (storage.type().trim().toLowerCase(Locale.ROOT)) {
            case "directory" -> new DirectoryObjectStore(Path.of(config.dataDir()).resolve("payloads"),
                    config.limits().diskReserveBytes());
            case "s3" -> s3(storage.s3());
            default -> throw new IllegalArgumentException("sagsbro.payload-store.type must be directory or s3, not "
                    + dk.sagsbro.audit.LogText.of(storage.type()));
        };
    }

    private static ObjectStore s3(GatewayConfig.PayloadStorage.S3 s3) {
        List<String> problems = new ArrayList<>();
        if (s3.bucket().isEmpty()) {
            problems.add("sagsbro.payload-store.s3.bucket is not set");
        }
        if (s3.accessKeyId().isPresent() != s3.secretAccessKey().isPresent()) {
            problems.add("sagsbro.payload-store.s3.access-key-id and secret-access-key go together");
        }
        if (s3.partBytes() < S3ObjectStore.MIN_PART_BYTES) {
            problems.add("sagsbro.payload-store.s3.part-bytes must be at least " + S3ObjectStore.MIN_PART_BYTES);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the S3 payload store: " + String.join("; ", problems));
        }
        AwsCredentialsProvider credentials = s3.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(s3.accessKeyId().get(),
                        s3.secretAccessKey().get()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(s3.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(s3.pathStyle())
                // Checksums only where the API requires them: the payload is authenticated by its own encryption,
                // and not every S3-compatible store accepts the SDK's newer default checksums.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(java.time.Duration.ofSeconds(5))
                        .socketTimeout(java.time.Duration.ofSeconds(60))
                        .build());
        s3.endpoint().ifPresent(endpoint -> builder.endpointOverride(URI.create(endpoint)));
        return new S3ObjectStore(builder.build(), s3.bucket().get(), s3.prefix(), s3.partBytes());
    }
}
