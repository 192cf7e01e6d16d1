package dk.sagsbro.acknowledgement;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Coverage-guided fuzzing of the acknowledgement statement parser: any bytes give a statement or a refusal, never
 * another exception; and an accepted statement means what an independent strict reading of the same bytes means
 * (one object, these fields, the same values). The corpus in AcknowledgementParserFuzzTestInputs replays in every
 * build.
 */
class AcknowledgementParserFuzzTest {
    private static final JsonMapper TREE = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    @FuzzTest(maxDuration = "30s")
    void acknowledgementParser(byte[] content) throws Exception {
        AcknowledgementStatement statement;
        try {
            statement = AcknowledgementVerifier.parse(content);
        } catch (AcknowledgementVerifier.RefusedException refused) {
            return;
        }
        JsonNode tree = TREE.readTree(new String(content, StandardCharsets.UTF_8));
        assertThat(tree.isObject()).isTrue();
        assertThat(text(tree, "packetDigest")).isEqualTo(statement.packetDigest());
        assertThat(text(tree, "reasonText")).isEqualTo(statement.reasonText());
        assertThat(text(tree, "rightMunicipality")).isEqualTo(statement.rightMunicipality());
        assertThat(text(tree, "kind")).isEqualTo(statement.kind() == null ? null : statement.kind().name());
        assertThat(text(tree, "transferId")).isEqualToIgnoringCase(statement.transferId() == null ? null
                : statement.transferId().toString());
    }

    private static String text(JsonNode tree, String field) {
        JsonNode value = tree.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
