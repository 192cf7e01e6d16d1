package dk.sagsbro.api;

import dk.sagsbro.support.OnPostgres;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

/** The same API behaviour, with transfers stored in a real PostgreSQL server. */
@QuarkusTest
@TestProfile(OnPostgres.class)
class IntakeApiOnPostgresTest extends IntakeApiTest {
}
