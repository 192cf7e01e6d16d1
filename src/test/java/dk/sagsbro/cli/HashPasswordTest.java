package dk.sagsbro.cli;

import dk.sagsbro.operations.OperatorPasswords;
import org.junit.jupiter.api.Test;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** `hash-password` makes the hashes of the operator accounts file; the example account's hash matches its password. */
class HashPasswordTest {

    @Test
    void theHashMatchesThePasswordItWasMadeFromAndNoOther() {
        CliRun run = CliRun.in(CliRun.exampleEnvironment(), "correct horse battery\n", "hash-password");

        String hash = run.out().trim();
        assertThat(run.exitCode()).isZero();
        assertThat(hash).startsWith("pbkdf2-sha256:" + OperatorPasswords.ITERATIONS + ":");
        assertThat(OperatorPasswords.matches("correct horse battery".toCharArray(), hash)).isTrue();
        assertThat(OperatorPasswords.matches("correct horse batterz".toCharArray(), hash)).isFalse();
        assertThat(OperatorPasswords.matches("x".toCharArray(), "not a hash")).isFalse();
    }

    @Test
    void aShortPasswordIsRefused() {
        CliRun run = CliRun.in(CliRun.exampleEnvironment(), "short\n", "hash-password");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("at least 12 characters");
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
