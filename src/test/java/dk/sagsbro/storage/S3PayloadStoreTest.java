package dk.sagsbro.storage;

import dk.sagsbro.support.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The payload-store suite on S3: a real S3 API server (s3proxy) on loopback. */
class S3PayloadStoreTest extends PayloadStoreContract {
    @RegisterExtension
    static final S3Server S3 = new S3Server();

    @Override
    protected ObjectStore freshObjectStore() {
        return S3.freshStore();
    }

    @Test
    void aMissingBucketMakesTheStoreUnavailable() {
        S3ObjectStore missing = new S3ObjectStore(S3.client(), "no-such-bucket", "payloads/",
                S3ObjectStore.MIN_PART_BYTES);
        assertThatThrownBy(missing::checkAvailable).isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-bucket");
    }

    @Test
    void partsSmallerThanS3AllowsAreRefused() {
        assertThatThrownBy(() -> new S3ObjectStore(S3.client(), "b", "payloads/", 1 << 20))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
