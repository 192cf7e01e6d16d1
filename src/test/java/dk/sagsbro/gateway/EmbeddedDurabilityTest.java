package dk.sagsbro.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default's database URL, as configured, keeps every commit when the process is killed right after it
 * (H2's default write delay lost all of them: the table itself was gone after a kill).
 */
class EmbeddedDurabilityTest {
    @TempDir
    Path data;

    static String configuredUrl(Path dataDir) throws Exception {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedDurabilityTest.class.getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        return properties.getProperty("quarkus.datasource.embedded.jdbc.url")
                .replace("${sagsbro.data-dir}", dataDir.toString());
    }

    /** Commits 50 rows one by one, then dies as a SIGKILL would: no shutdown hook, no close. */
    public static void main(String[] args) throws Exception {
        Connection connection = DriverManager.getConnection(args[0]);
        connection.createStatement().execute("create table accepted (n int)");
        connection.setAutoCommit(false);
        for (int i = 0; i < 50; i++) {
            connection.createStatement().execute("insert into accepted values (" + i + ")");
            connection.commit();
        }
        Runtime.getRuntime().halt(9);
    }

    @Test
    void everyCommitSurvivesAKilledProcess() throws Exception {
        String url = configuredUrl(data);
        Process writer = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedDurabilityTest.class.getName(), url)
                .redirectErrorStream(true).start();
        assertThat(writer.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(writer.exitValue()).as(new String(writer.getInputStream().readAllBytes())).isEqualTo(9);

        try (Connection connection = DriverManager.getConnection(url);
                ResultSet count = connection.createStatement().executeQuery("select count(*) from accepted")) {
            count.next();
            assertThat(count.getInt(1)).isEqualTo(50);
        }
    }
}
