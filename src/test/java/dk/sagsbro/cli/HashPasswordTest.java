package dk.sagsbro.cli;

import dk.sagsbro.operations.OperatorPasswords;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** `hash-password` makes the hashes of the operator accounts file; the example account's hash matches its password. */
class HashPasswordTest {

    @Test
    void theHashMatchesThePasswordItWasMadeFromAndNoOther() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = new SagsbroCli(new ByteArrayInputStream("correct horse battery\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()))
                .run(new String[] {"hash-password"});

        String hash = out.toString(StandardCharsets.UTF_8).trim();
        assertThat(exit).isZero();
        assertThat(hash).startsWith("pbkdf2-sha256:" + OperatorPasswords.ITERATIONS + ":");
        assertThat(OperatorPasswords.matches("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(OperatorPasswords.matches("correct horse batterz".toCharArray(), hash)).isFalse();
        assertThat(OperatorPasswords.matches("x".toCharArray(), "not a hash")).isFalse();
    }

    @Test
    void aShortPasswordIsRefused() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = new SagsbroCli(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[] {"hash-password"});

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 12 characters");
    }

    @Test
    void theExampleAccountIsTheOneTheReadmeNames() throws Exception {
        Properties accounts = new Properties();
        try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of("certs-example/operators.properties"))) {
            accounts.load(in);
        }
        assertThat(accounts.stringPropertyNames()).containsExactly("operator");
        assertThat(OperatorPasswords.matches("sagsbro-example-operator".toCharArray(),
                accounts.getProperty("operator"))).isTrue();
        assertThat(java.nio.file.Files.readString(java.nio.file.Path.of("README.md")))
                .contains("`operator` / `sagsbro-example-operator`");
    }
}
