package dk.sagsbro.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** One run of the command-line client, with what it printed. */
record CliRun(int exitCode, String out, String err) {

    /**
     * The environment an integrator working with the example material sets: the example CA for TLS and signatures
     * and the example registry. No config file from the machine's user is read.
     */
    static Map<String, String> exampleEnvironment() {
        Map<String, String> environment = new HashMap<>();
        environment.put("SAGSBRO_CA", "certs-example/ca.crt.pem");
        environment.put("SAGSBRO_TRUST", "certs-example/ca.crt.pem");
        environment.put("SAGSBRO_REGISTRY", "certs-example/registry.yaml");
        environment.put("XDG_CONFIG_HOME", "target/no-such-config-home");
        return environment;
    }

    static CliRun of(String... args) {
        return in(exampleEnvironment(), "", args);
    }

    static CliRun in(Map<String, String> environment, String input, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new SagsbroCli(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                environment, null).run(args);
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
