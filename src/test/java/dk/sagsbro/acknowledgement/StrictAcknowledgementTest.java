package dk.sagsbro.acknowledgement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed acknowledgement has one meaning or is refused: strict JSON (no key twice, nothing after the statement,
 * no unknown field, no coerced values), strict UTF-8, every length checked before anything is written, and the
 * transfer's state left exactly as it was when it is refused.
 */
@QuarkusTest
class StrictAcknowledgementTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    GatewayClient copenhagen;
    GatewayClient albertslund;
    String id;
    String digest;

    @BeforeEach
    void submitWithoutDownloading() throws Exception {
        copenhagen = GatewayClient.municipality(base, "101");
        albertslund = GatewayClient.municipality(base, "165");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        id = caseJson.get("transferId").asText();
        HttpResponse<String> submitted = copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        digest = JSON.readTree(submitted.body()).get("packetDigest").asText();
    }

    private String head(String kind) {
        return "\"transferId\":\"" + id + "\",\"packetDigest\":\"" + digest + "\",\"kind\":" + kind;
    }

    @ParameterizedTest(name = "refuses {0} and leaves the transfer RECEIVED")
    @ValueSource(strings = {"duplicate-key", "trailing-object", "trailing-garbage", "unknown-field", "enum-as-number",
            "array-root", "over-long-reason", "cpr-after-letters", "cpr-in-full-width-digits", "short-digest",
            "over-long-right-municipality", "utf-16", "byte-order-mark", "invalid-utf-8"})
    void refusesAStatementThatCouldBeReadTwoWaysOrCannotBeStored(String variant) throws Exception {
        String reject = head("\"REJECTED\"") + ",\"reasonCode\":\"NOT_RESIDENT\",\"reasonText\":";
        String text = switch (variant) {
            case "duplicate-key" -> "{" + head("\"RECEIVED\"") + ",\"kind\":\"TAKEN_OVER\"}";
            case "trailing-object" -> "{" + head("\"RECEIVED\"") + "}{" + head("\"TAKEN_OVER\"") + "}";
            case "trailing-garbage" -> "{" + head("\"RECEIVED\"") + "} x";
            case "unknown-field" -> "{" + head("\"RECEIVED\"") + ",\"note\":\"x\"}";
            case "enum-as-number" -> "{" + head("0") + "}";
            case "array-root" -> "[{" + head("\"RECEIVED\"") + "}]";
            case "over-long-reason" -> "{" + reject + "\"" + "x".repeat(5000) + "\"}";
            case "cpr-after-letters" -> "{" + reject + "\"se cpr0101901234 i sagen\"}";
            case "cpr-in-full-width-digits" -> "{" + reject + "\"barn ０１０１９０-１２３４\"}";
            case "short-digest" -> "{\"transferId\":\"" + id + "\",\"packetDigest\":\"ab\",\"kind\":\"RECEIVED\"}";
            case "over-long-right-municipality" -> "{" + head("\"REJECTED\"") + ",\"reasonCode\":\"WRONG_MUNICIPALITY\","
                    + "\"reasonText\":\"flyttet\",\"rightMunicipality\":\"" + "1".repeat(3000) + "\"}";
            default -> "{" + head("\"RECEIVED\"") + "}";
        };
        byte[] statement = switch (variant) {
            case "utf-16" -> text.getBytes(StandardCharsets.UTF_16);
            case "byte-order-mark" -> ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
            case "invalid-utf-8" -> concat(text.substring(0, text.length() - 1).getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, '}'});
            default -> text.getBytes(StandardCharsets.UTF_8);
        };

        HttpResponse<String> response = albertslund.acknowledge(id, ExamplePki.municipality("165")
                .signEncapsulated(statement));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        assertThat(JSON.readTree(response.body()).get("type").asText()).endsWith("/acknowledgement-invalid");
        assertThat(response.body()).doesNotContain("0101901234").doesNotContain("xxxxxxxxxx");
        JsonNode detail = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body());
        assertThat(detail.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(detail.get("acknowledgements")).isEmpty();
        assertThat(detail.get("timeline").findValuesAsText("type")).containsExactly("RECEIVED");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
