package dk.sagsbro.gateway;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A 202 promises that the transfer is stored. On PostgreSQL that holds only when a commit is on disk before the
 * server says it is done: with {@code fsync} or {@code synchronous_commit} off, a crash of the database loses the
 * last commits (the fault matrix lost two accepted transfers to an immediate stop that way). In production the
 * gateway does not start on such a server; otherwise it says so at start.
 */
@ApplicationScoped
public class DatabaseDurabilityCheck {

    void onStart(@Observes @Priority(2) StartupEvent start, Database database, GatewayConfig config)
            throws SQLException {
        if (!Database.POSTGRESQL.equals(database.kind())) {
            return;
        }
        Map<String, String> settings = new java.util.HashMap<>();
        try (Connection connection = database.dataSource().getConnection();
                Statement statement = connection.createStatement()) {
            for (String name : List.of("fsync", "synchronous_commit")) {
                try (ResultSet row = statement.executeQuery("show " + name)) {
                    row.next();
                    settings.put(name, row.getString(1));
                }
            }
        }
        List<String> problems = problems(settings);
        if (problems.isEmpty()) {
            return;
        }
        String message = "PostgreSQL does not make commits durable, so a database crash can lose transfers already "
                + "answered 202: " + String.join("; ", problems);
        if (ProductionSafetyCheck.production(config)) {
            throw new IllegalStateException(message);
        }
        Log.warn(message + " (allowed outside production)");
    }

    /** What in the server's settings lets a commit be lost: fsync off, or synchronous_commit off. */
    static List<String> problems(Map<String, String> settings) {
        List<String> problems = new ArrayList<>();
        if ("off".equals(settings.getOrDefault("fsync", "on").toLowerCase(Locale.ROOT))) {
            problems.add("fsync is off");
        }
        if ("off".equals(settings.getOrDefault("synchronous_commit", "on").toLowerCase(Locale.ROOT))) {
            problems.add("synchronous_commit is off");
        }
        return problems;
    }
}
