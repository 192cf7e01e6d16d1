package dk.sagsbro.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged application, started as its own process: routes, TLS, database and storage as shipped. */
@QuarkusIntegrationTest
class PackagedGatewayIT {

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    @Test
    void thePackagedGatewayAcceptsAPacketAndShowsItOnlyToItsParties() throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();

        HttpResponse<String> submitted = GatewayClient.municipality(base, "101")
                .submit(TestPackets.packed(caseJson, ExamplePki.municipality("101")));

        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(202);
        assertThat(IntakeApiTest.json(GatewayClient.municipality(base, "165").get("/api/v1/transfers/" + id))
                .get("status").asText()).isEqualTo("RECEIVED");
        assertThat(GatewayClient.municipality(base, "851").get("/api/v1/transfers/" + id).statusCode())
                .isEqualTo(404);
        assertThat(GatewayClient.municipality(base, "101").submit("broken".getBytes()).statusCode())
                .isEqualTo(422);
    }
}
