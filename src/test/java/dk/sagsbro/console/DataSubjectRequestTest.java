package dk.sagsbro.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** An operator answers a data-subject request from a CPR number the gateway never stores. */
@QuarkusTest
class DataSubjectRequestTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    /** A child born in 2014 (a party to its case now), unique to this test run. */
    static String childCpr() {
        int serial = ThreadLocalRandom.current().nextInt(1000);
        return String.format("%02d%02d14%d%03d", 1 + ThreadLocalRandom.current().nextInt(28),
                1 + ThreadLocalRandom.current().nextInt(12), 4, serial);
    }

    String submitFor(String childCpr) throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        caseJson.withArray("children").removeAll();
        caseJson.withArray("children").addObject().put("cpr", childCpr).put("name", "Barn");
        HttpResponse<String> accepted = GatewayClient.municipality(base, "101").submit(
                TestPackets.packed(caseJson, ExamplePki.municipality("101")));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return caseJson.get("transferId").asText();
    }

    @Test
    void aDataSubjectRequestListsEveryTransferAndEveryAccessWithoutStoringTheNumber() throws Exception {
        String child = childCpr();
        String first = submitFor(child);
        String other = submitFor(childCpr());
        assertThat(GatewayClient.municipality(base, "165").getBytes("/api/v1/transfers/" + first + "/packet")
                .statusCode()).isEqualTo(200);
        ConsoleClient operator = ConsoleClient.operator(base);

        HttpResponse<String> answer = operator.post("/console/subjects", Map.of("cpr",
                child.substring(0, 6) + "-" + child.substring(6), "reason", "Indsigtsanmodning j.nr. 2026-118"));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains(first).doesNotContain(other)
                .as("the number is not shown again").doesNotContain(child.substring(6));
        assertThat(answer.body()).contains("READ_PACKET").contains(">165<").contains("RECEIVED");
        assertThat(operator.get("/console/audit").body()).contains("id=\"audit-intact\"");

        JsonNode detail = JSON.readTree(GatewayClient.municipality(base, "165").get("/api/v1/transfers/" + first)
                .body());
        assertThat(detail.get("partyChildren").get(0).asInt()).as("the child, aged 10 or more, is a party")
                .isEqualTo(1);
    }

    @Test
    void aRequestWithoutAValidNumberOrReasonChangesNothingAndSaysWhy() {
        ConsoleClient operator = ConsoleClient.operator(base);

        HttpResponse<String> refused = operator.post("/console/subjects", Map.of("cpr", "3213991234", "reason", ""));

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("CPR number (ten digits").contains("give a reason");
    }
}
