package dk.sagsbro.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Map;

/**
 * The integrators' command-line client: pack and verify containers offline, and submit them and follow them on a
 * gateway over mutual TLS. Run {@code java -jar target/sagsbro-cli.jar --help}, or {@code help COMMAND}.
 */
@Command(name = "sagsbro-cli", mixinStandardHelpOptions = true,
        versionProvider = SagsbroCli.Version.class,
        description = {"Packs, checks, submits and receives case transfers of the Sagsbro gateway.", "",
                "Settings not given as options are read from the environment (SAGSBRO_GATEWAY, SAGSBRO_CA, "
                        + "SAGSBRO_CERT, SAGSBRO_KEY, SAGSBRO_P12, SAGSBRO_TRUST, SAGSBRO_REGISTRY, SAGSBRO_POLICY), "
                        + "then from the config file SAGSBRO_CLI_CONFIG names or ~/.config/sagsbro/cli.properties "
                        + "(gateway=, ca=, cert=, key=, p12=, trust=, registry=, policy=; relative paths are read "
                        + "from the file's folder). A PKCS#12 password comes from SAGSBRO_P12_PASSWORD or a prompt."},
        subcommands = {CommandLine.HelpCommand.class,
                OfflineCommands.Pack.class, OfflineCommands.Verify.class,
                GatewayCommands.Submit.class, GatewayCommands.Status.class, GatewayCommands.ListTransfers.class,
                GatewayCommands.Central.class, GatewayCommands.Receipt.class, GatewayCommands.Evidence.class,
                OfflineCommands.VerifyEvidence.class, GatewayCommands.Inbox.class, GatewayCommands.Fetch.class,
                GatewayCommands.Acknowledge.class, OfflineCommands.HashPassword.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done",
                "1:refused or invalid: the packet, evidence or request was found faulty (the gateway answered 4xx)",
                "2:usage error: an unknown or misspelt option or command, a missing or malformed argument or setting",
                "3:failed: a file could not be read or written, the gateway could not be reached or answered 5xx"})
public final class SagsbroCli implements Runnable {
    static final int DONE = 0;
    static final int REFUSED = 1;
    static final int USAGE = 2;
    static final int FAILED = 3;

    private final CliContext context;

    @Spec
    private CommandSpec command;

    SagsbroCli(InputStream in, PrintStream out, PrintStream err, Map<String, String> environment, Console console) {
        this.context = new CliContext(in, writer(out), writer(err), environment, console);
    }

    /** Held so the setting below is not collected: the validator's start-up banner is noise on a command line. */
    private static final java.util.logging.Logger VALIDATOR_LOG =
            java.util.logging.Logger.getLogger("org.hibernate.validator");

    public static void main(String[] args) {
        VALIDATOR_LOG.setLevel(java.util.logging.Level.WARNING);
        System.exit(new SagsbroCli(System.in, System.out, System.err, System.getenv(), System.console()).run(args));
    }

    private static PrintWriter writer(PrintStream stream) {
        return new PrintWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), true);
    }

    /** No command named: say which there are. */
    @Override
    public void run() {
        throw new CommandLine.ParameterException(command.commandLine(), "name a command; see the list below");
    }

    /** @return the process exit code: {@link #DONE}, {@link #REFUSED}, {@link #USAGE} or {@link #FAILED} */
    int run(String[] args) {
        try {
            CliSettings settings;
            try {
                settings = CliSettings.load(context.environment());
            } catch (CliSettings.SettingsException e) {
                context.err().println("error: " + e.getMessage());
                return USAGE;
            }
            CommandLine line = new CommandLine(this, new ContextFactory(context))
                    .setOut(context.out()).setErr(context.err())
                    .setDefaultValueProvider(settings)
                    .setCaseInsensitiveEnumValuesAllowed(true)
                    .setParameterExceptionHandler(SagsbroCli::usageError)
                    .setExecutionExceptionHandler((e, failed, parsed) -> {
                        failed.getErr().println("error: " + describe(e));
                        return FAILED;
                    });
            return line.execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    /** The fault, the options the user may have meant, and where to read more; not the whole manual. */
    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine failed = e.getCommandLine();
        PrintWriter err = failed.getErr();
        err.println("error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        if (failed.getCommandSpec().subcommands().isEmpty()) {
            err.println("Try '" + failed.getCommandSpec().qualifiedName() + " --help' for its options.");
        } else {
            failed.usage(err);
        }
        return USAGE;
    }

    /** What went wrong, in words: never an empty or "null" message. */
    static String describe(Throwable e) {
        if (e instanceof NoSuchFileException missing) {
            return "no such file: " + missing.getFile();
        }
        if (e instanceof AccessDeniedException denied) {
            return "permission denied: " + denied.getFile();
        }
        if (e instanceof FileSystemException other && other.getReason() != null) {
            return other.getFile() + ": " + other.getReason();
        }
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            return e.getCause() != null && e.getCause() != e ? describe(e.getCause())
                    : e.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
        }
        return message;
    }

    /** Builds the commands with the run's context. */
    private record ContextFactory(CliContext context) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(CliContext.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** The version the jar's manifest states. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = SagsbroCli.class.getPackage().getImplementationVersion();
            return new String[] {"sagsbro-cli " + (version == null ? "(development build)" : version)};
        }
    }
}
