package dk.sagsbro.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Map;

/**
 * What one run of the client works with: its streams, its environment and the terminal, if there is one. Passed in
 * rather than read from {@link System} so that tests run the client as a user would, with an environment of their own.
 */
record CliContext(InputStream in, PrintWriter out, PrintWriter err, Map<String, String> environment, Console console) {

    /** The environment variable a PKCS#12 file's password is read from when no terminal can ask for it. */
    static final String PKCS12_PASSWORD = "SAGSBRO_P12_PASSWORD";
}
