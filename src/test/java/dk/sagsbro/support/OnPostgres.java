package dk.sagsbro.support;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;

/** Runs a test class against PostgreSQL instead of the embedded default. */
public class OnPostgres implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(EmbeddedPostgresResource.class));
    }
}
