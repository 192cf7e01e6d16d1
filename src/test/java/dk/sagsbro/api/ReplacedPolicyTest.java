package dk.sagsbro.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A deployment replaces the completeness policy by configuration; the version applied is stored. */
@QuarkusTest
@TestProfile(ReplacedPolicyTest.StrictPolicy.class)
class ReplacedPolicyTest {

    public static class StrictPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sagsbro.completeness-policy", "src/test/resources/policies/strict-test-policy.json",
                    "sagsbro.data-dir", "./target/test-data-policy");
        }
    }

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void appliesTheConfiguredPolicyAndStoresItsVersion() throws Exception {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        ObjectNode caseJson = TestPackets.handover("101", "165");

        HttpResponse<String> refused = copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));
        TestPackets.addRecord(caseJson.withArray("records"), "YOUTH_PLAN");
        HttpResponse<String> accepted = copenhagen.submit(TestPackets.packed(caseJson,
                ExamplePki.municipality("101")));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("record-missing", "youth-plan");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode detail = IntakeApiTest.json(copenhagen.get("/api/v1/transfers/"
                + caseJson.get("transferId").asText()));
        assertThat(detail.get("policyVersion").asText()).isEqualTo("test-strict-1");
    }
}
