package dk.sagsbro.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Runs a test class as production runs: records in PostgreSQL, packet bytes in an S3-compatible object store. */
public class OnPostgresAndS3 implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EmbeddedPostgresResource.class),
                new TestResourceEntry(S3PayloadStoreResource.class));
    }
}
