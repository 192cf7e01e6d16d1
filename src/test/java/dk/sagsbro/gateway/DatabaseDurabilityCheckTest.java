package dk.sagsbro.gateway;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseDurabilityCheckTest {

    @Test
    void aServerThatMayLoseACommitIsNamedForWhatItLacks() {
        assertThat(DatabaseDurabilityCheck.problems(Map.of("fsync", "off", "synchronous_commit", "off")))
                .containsExactly("fsync is off", "synchronous_commit is off");
        assertThat(DatabaseDurabilityCheck.problems(Map.of("fsync", "on", "synchronous_commit", "OFF")))
                .containsExactly("synchronous_commit is off");
    }

    @Test
    void everyDurableCommitSettingPasses() {
        for (String level : new String[] {"on", "local", "remote_write", "remote_apply"}) {
            assertThat(DatabaseDurabilityCheck.problems(Map.of("fsync", "on", "synchronous_commit", level)))
                    .as(level).isEmpty();
        }
    }
}
