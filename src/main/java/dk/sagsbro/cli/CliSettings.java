package dk.sagsbro.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the client's settings come from when the command line does not give them: first the environment
 * ({@code SAGSBRO_GATEWAY}, {@code SAGSBRO_CA}, ...), then a config file. The file is the one
 * {@code SAGSBRO_CLI_CONFIG} names, or {@code sagsbro/cli.properties} in the user's configuration folder; relative
 * paths in it are read from the file's own folder, so no default depends on the directory the client is started
 * from. Passwords are never taken from the file.
 */
final class CliSettings implements CommandLine.IDefaultValueProvider {
    static final String CONFIG_VARIABLE = "SAGSBRO_CLI_CONFIG";
    /** The settings the environment or the file may give, by option name; all but the gateway are files. */
    static final Set<String> NAMES = Set.of("gateway", "ca", "cert", "key", "p12", "trust", "registry", "policy");

    private final Map<String, String> environment;
    private final Properties file;
    private final Path source;

    private CliSettings(Map<String, String> environment, Properties file, Path source) {
        this.environment = environment;
        this.file = file;
        this.source = source;
    }

    /** A fault in the settings themselves: a usage error, reported before any command runs. */
    static final class SettingsException extends Exception {
        SettingsException(String message) {
            super(message);
        }
    }

    static CliSettings load(Map<String, String> environment) throws SettingsException {
        String named = environment.get(CONFIG_VARIABLE);
        Path path = named != null && !named.isBlank() ? Path.of(named) : defaultFile(environment);
        Properties properties = new Properties();
        if (!Files.isRegularFile(path)) {
            if (named != null && !named.isBlank()) {
                throw new SettingsException(CONFIG_VARIABLE + " names " + path + ", which is not a file");
            }
            return new CliSettings(environment, properties, path);
        }
        try (InputStream in = Files.newInputStream(path)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new SettingsException("cannot read the config file " + path + ": " + e.getMessage());
        }
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(NAMES);
        if (unknown.stream().anyMatch(name -> name.toLowerCase(Locale.ROOT).contains("password"))) {
            throw new SettingsException("the config file " + path + " holds a password; passwords are never read "
                    + "from a file: set " + CliContext.PKCS12_PASSWORD + " or answer the prompt");
        }
        if (!unknown.isEmpty()) {
            throw new SettingsException("the config file " + path + " has unknown settings " + unknown
                    + "; the known ones are " + new TreeSet<>(NAMES));
        }
        return new CliSettings(environment, properties, path.toAbsolutePath());
    }

    private static Path defaultFile(Map<String, String> environment) {
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("sagsbro").resolve("cli.properties");
    }

    static String variableFor(String name) {
        return "SAGSBRO_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** How a user can give a missing setting, for the error that says it is missing. */
    String howToGive(String name) {
        return "give --" + name + ", set " + variableFor(name) + ", or put " + name + "=... in " + source;
    }

    @Override
    public String defaultValue(CommandLine.Model.ArgSpec argument) {
        if (!(argument instanceof CommandLine.Model.OptionSpec option)) {
            return null;
        }
        String name = option.longestName().substring(2);
        if (!NAMES.contains(name)) {
            return null;
        }
        String fromEnvironment = environment.get(variableFor(name));
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.trim();
        }
        return Optional.ofNullable(file.getProperty(name)).map(String::trim).filter(v -> !v.isEmpty())
                .map(v -> name.equals("gateway") ? v : source.resolveSibling(v).normalize().toString())
                .orElse(null);
    }
}
