package dk.sagsbro.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * What the directory payload store holds: its finished ({@code .enc}) and partial ({@code .part}) files; and the
 * small payloads kept in the database instead ({@code payload_inline}).
 */
public final class PayloadFiles {
    private PayloadFiles() {
    }

    public static long endingWith(Path payloads, String suffix) throws IOException {
        if (!Files.isDirectory(payloads)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(payloads)) {
            return files.filter(file -> file.toString().endsWith(suffix)).count();
        }
    }

    public static long inlineRows(javax.sql.DataSource dataSource) throws java.sql.SQLException {
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet count = statement.executeQuery("select count(*) from payload_inline")) {
            count.next();
            return count.getLong(1);
        }
    }

    /** Every complete payload: the directory's finished files and the database's rows. */
    public static long stored(Path payloads, javax.sql.DataSource dataSource) throws IOException, java.sql.SQLException {
        return endingWith(payloads, ".enc") + inlineRows(dataSource);
    }
}
