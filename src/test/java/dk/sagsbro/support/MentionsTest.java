package dk.sagsbro.support;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MentionsTest {
    @Test
    void aCodeAsAValueOrAWordIsAMention() {
        assertThat(Mentions.municipality("{\"receiver\":\"751\"}", "751")).isTrue();
        assertThat(Mentions.municipality("redirected to Aarhus (751)", "751")).isTrue();
        assertThat(Mentions.municipality("751 Aarhus", "751")).isTrue();
    }

    @Test
    void theSameDigitsInsideAnIdADigestATimeOrASizeAreNot() {
        assertThat(Mentions.municipality("{\"transferId\":\"9ec32436-8751-4a8a-8fcc-4ba49c50894f\"}", "751"))
                .isFalse();
        assertThat(Mentions.municipality("\"packetDigest\":\"0a751f\"", "751")).isFalse();
        assertThat(Mentions.municipality("\"at\":\"2026-11-23T09:00:00.751Z\"", "751")).isFalse();
        assertThat(Mentions.municipality("\"packetSize\":17512", "751")).isFalse();
    }
}
