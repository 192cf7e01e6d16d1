package dk.sagsbro.storage;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.problem.UploadRefusedException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedMultipartUpload;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph), shared by every gateway instance. An object smaller than
 * one part is stored with a single PUT; a larger one streams out as a multipart upload, one part at a time, so at
 * most one part per upload is ever held in memory. An upload becomes visible only when it completes; one that never
 * completes (a crash, a cut-off sender) stays invisible until the orphan sweep aborts it.
 */
public final class S3ObjectStore implements ObjectStore {
    private static final Pattern NAME = Pattern.compile("[0-9a-f-]{36}");
    /** S3's smallest part but the last. */
    public static final int MIN_PART_BYTES = 5 << 20;

    private final S3Client client;
    private final String bucket;
    private final String prefix;
    private final int partBytes;

    /**
     * @param prefix    key prefix of the gateway's objects in the bucket, such as {@code payloads/}
     * @param partBytes the size of a multipart upload's parts, and so the memory each upload in progress holds
     */
    public S3ObjectStore(S3Client client, String bucket, String prefix, int partBytes) {
        if (partBytes < MIN_PART_BYTES) {
            throw new IllegalArgumentException("an S3 part is at least " + MIN_PART_BYTES + " bytes");
        }
        this.client = client;
        this.bucket = bucket;
        this.prefix = prefix;
        this.partBytes = partBytes;
    }

    @Override
    public Upload upload(String name) {
        return new PartedUpload(key(name));
    }

    /** Buffers one part; the first full part starts the multipart upload, a packet smaller than a part is one PUT. */
    private final class PartedUpload extends OutputStream implements Upload {
        private final String key;
        private final List<CompletedPart> parts = new ArrayList<>();
        private byte[] buffer = new byte[Math.min(partBytes, 64 << 10)];
        private int buffered;
        private String uploadId;
        private boolean closed;
        private boolean completed;

        PartedUpload(String key) {
            this.key = key;
        }

        @Override
        public OutputStream output() {
            return this;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            if (closed) {
                throw new IOException("the upload is closed");
            }
            while (length > 0) {
                if (buffered == partBytes) {
                    sendPart();
                }
                if (buffered == buffer.length) {
                    // grow towards one part only as far as the object needs: small packets stay small in memory
                    buffer = java.util.Arrays.copyOf(buffer, Math.min(partBytes, buffer.length * 2));
                }
                int n = Math.min(length, buffer.length - buffered);
                System.arraycopy(bytes, offset, buffer, buffered, n);
                buffered += n;
                offset += n;
                length -= n;
            }
        }

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = client.createMultipartUpload(r -> r.bucket(bucket).key(key)).uploadId();
                }
                int number = parts.size() + 1;
                String etag = client.uploadPart(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                        .partNumber(number).contentLength((long) buffered),
                        RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, buffered), buffered)).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
                buffered = 0;
            } catch (SdkException e) {
                throw unavailable(e);
            }
        }

        @Override
        public void close() {
            closed = true;
        }

        @Override
        public void complete() throws IOException {
            closed = true;
            try {
                if (uploadId == null) {
                    client.putObject(r -> r.bucket(bucket).key(key).contentLength((long) buffered),
                            RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, buffered), buffered));
                } else {
                    if (buffered > 0) {
                        sendPart();
                    }
                    client.completeMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                            .multipartUpload(CompletedMultipartUpload.builder().parts(parts).build()));
                }
                completed = true;
                buffer = null;
            } catch (SdkException e) {
                throw unavailable(e);
            }
        }

        @Override
        public void abort() {
            closed = true;
            buffer = null;
            try {
                if (completed) {
                    client.deleteObject(r -> r.bucket(bucket).key(key));
                } else if (uploadId != null) {
                    client.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId));
                }
            } catch (SdkException ignored) {
                // left behind, for the orphan sweep
            }
        }
    }

    /** A store that does not take a packet is the gateway's trouble, not the sender's: 503, nothing stored. */
    private static UploadRefusedException unavailable(SdkException cause) {
        return new UploadRefusedException(ProblemType.STORAGE_UNAVAILABLE,
                "the packet store did not take the packet; nothing was stored, submit again later", cause);
    }

    @Override
    public InputStream read(String name) throws IOException {
        try {
            return client.getObject(r -> r.bucket(bucket).key(key(name)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(name);
        } catch (SdkException e) {
            throw new IOException("object store: cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean exists(String name) throws IOException {
        try {
            client.headObject(r -> r.bucket(bucket).key(key(name)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (AwsServiceException e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("object store: cannot look up " + name + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("object store: cannot look up " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) throws IOException {
        try {
            client.deleteObject(r -> r.bucket(bucket).key(key(name)));
        } catch (SdkException e) {
            throw new IOException("object store: cannot delete " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public List<StoredObject> stale(Instant cutoff) throws IOException {
        List<StoredObject> stale = new ArrayList<>();
        try {
            String token = null;
            do {
                String continuation = token;
                ListObjectsV2Response page = client.listObjectsV2(r -> r.bucket(bucket).prefix(prefix)
                        .continuationToken(continuation));
                for (S3Object object : page.contents()) {
                    String name = nameOf(object.key());
                    if (name != null && object.lastModified().isBefore(cutoff)) {
                        stale.add(new StoredObject(name, true, object.lastModified(), null));
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
            staleUploads(cutoff, stale);
        } catch (SdkException e) {
            throw new IOException("object store: cannot list " + prefix + ": " + e.getMessage(), e);
        }
        return stale;
    }

    /**
     * Multipart uploads whose newest part (or start, before the first part) is older than the cutoff. The parts are
     * asked for every upload: some S3-compatible stores (s3proxy) report the time of the listing as the start.
     */
    private void staleUploads(Instant cutoff, List<StoredObject> stale) {
        String keyMarker = null;
        String uploadIdMarker = null;
        boolean more;
        do {
            String keys = keyMarker;
            String ids = uploadIdMarker;
            ListMultipartUploadsResponse page = client.listMultipartUploads(r -> r.bucket(bucket).prefix(prefix)
                    .keyMarker(keys).uploadIdMarker(ids));
            for (MultipartUpload upload : page.uploads()) {
                String name = nameOf(upload.key());
                if (name == null) {
                    continue;
                }
                Instant lastWritten = lastPartWritten(upload).orElse(upload.initiated());
                if (lastWritten.isBefore(cutoff)) {
                    stale.add(new StoredObject(name, false, lastWritten, upload.uploadId()));
                }
            }
            more = Boolean.TRUE.equals(page.isTruncated());
            keyMarker = page.nextKeyMarker();
            uploadIdMarker = page.nextUploadIdMarker();
        } while (more);
    }

    private java.util.Optional<Instant> lastPartWritten(MultipartUpload upload) {
        try {
            ListPartsResponse parts = client.listParts(r -> r.bucket(bucket).key(upload.key())
                    .uploadId(upload.uploadId()));
            return parts.parts().stream().map(Part::lastModified).filter(java.util.Objects::nonNull)
                    .max(Instant::compareTo);
        } catch (NoSuchUploadException completedMeanwhile) {
            return java.util.Optional.of(Instant.MAX);
        }
    }

    @Override
    public void removeUnfinished(StoredObject unfinished) throws IOException {
        try {
            client.abortMultipartUpload(r -> r.bucket(bucket).key(key(unfinished.name()))
                    .uploadId(unfinished.handle()));
        } catch (NoSuchUploadException alreadyGone) {
            // completed or aborted meanwhile
        } catch (SdkException e) {
            throw new IOException("object store: cannot abort the upload of " + unfinished.name() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void checkAvailable() throws IOException {
        try {
            client.headBucket(r -> r.bucket(bucket));
        } catch (SdkException e) {
            throw new IOException("object store bucket " + bucket + " is not reachable: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return "S3 bucket " + bucket + (prefix.isEmpty() ? "" : " under " + prefix);
    }

    private String key(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a payload reference");
        }
        return prefix + name;
    }

    private String nameOf(String key) {
        String name = key.startsWith(prefix) ? key.substring(prefix.length()) : null;
        return name != null && NAME.matcher(name).matches() ? name : null;
    }
}
