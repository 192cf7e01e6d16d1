package dk.sagsbro.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A municipality's certificate and key: a PEM pair or a PKCS#12 file. The PKCS#12 password comes from
 * {@value CliContext#PKCS12_PASSWORD} or a prompt on the terminal, never from the command line, where other users
 * of the machine and the shell's history would see it.
 */
final class CredentialOptions {
    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--cert", paramLabel = "FILE",
            description = "the municipality's certificate chain (PEM), with --key; or SAGSBRO_CERT")
    private Path certificate;

    @Option(names = "--key", paramLabel = "FILE", description = "its private key (PEM); or SAGSBRO_KEY")
    private Path key;

    @Option(names = "--p12", paramLabel = "FILE",
            description = "certificate and key in one PKCS#12 file, instead of --cert and --key; or SAGSBRO_P12. "
                    + "Its password is read from SAGSBRO_P12_PASSWORD or asked for")
    private Path pkcs12;

    /** Read once per run: a command that calls the gateway and then signs asks for a password only once. */
    private Credentials read;

    /** Given on the command line, a PEM pair or a PKCS#12 file wins over any default for the other. */
    Credentials read(CliContext context) throws IOException {
        if (read == null) {
            read = readNow(context);
        }
        return read;
    }

    private Credentials readNow(CliContext context) throws IOException {
        ParseResult given = command.commandLine().getParseResult();
        boolean pemGiven = given.hasMatchedOption("--cert") || given.hasMatchedOption("--key");
        boolean pkcs12Given = given.hasMatchedOption("--p12");
        if (pemGiven && pkcs12Given) {
            throw problem("give either --cert and --key, or --p12, not both");
        }
        boolean usePem = pemGiven || (!pkcs12Given && (certificate != null || key != null || pkcs12 == null));
        if (usePem) {
            if (certificate == null && key == null) {
                throw problem("the municipality's credentials are needed: give --cert FILE --key FILE or --p12 FILE "
                        + "(or set SAGSBRO_CERT and SAGSBRO_KEY, or SAGSBRO_P12)");
            }
            if (certificate == null || key == null) {
                throw problem(certificate == null ? "--key needs --cert, the certificate that goes with it"
                        : "--cert needs --key, its private key");
            }
            return Credentials.fromPem(certificate, key);
        }
        char[] password = password(context);
        try {
            return Credentials.fromPkcs12(pkcs12, password);
        } finally {
            Arrays.fill(password, '\0');
        }
    }

    private char[] password(CliContext context) {
        String fromEnvironment = context.environment().get(CliContext.PKCS12_PASSWORD);
        if (fromEnvironment != null) {
            return fromEnvironment.toCharArray();
        }
        if (context.console() != null) {
            char[] typed = context.console().readPassword("password for %s: ", pkcs12);
            if (typed != null) {
                return typed;
            }
        }
        throw problem("the password of " + pkcs12 + " is needed: set " + CliContext.PKCS12_PASSWORD
                + ", or run in a terminal to be asked for it");
    }

    private ParameterException problem(String message) {
        return new ParameterException(command.commandLine(), message);
    }
}
