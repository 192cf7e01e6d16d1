package dk.sagsbro.audit;

import dk.sagsbro.support.TestDatabases;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.nio.file.Path;

/** The audit trail on an H2 file database, as the embedded default keeps it. */
class AuditTrailOnH2FileTest extends AuditTrailTest {
    @TempDir
    Path directory;

    @Override
    DataSource newDataSource() {
        return TestDatabases.freshMigratedFile(directory);
    }
}
