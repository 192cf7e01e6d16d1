package dk.sagsbro.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A municipality's central unit sees its own transfers, in and out, with deadlines; nothing of any other's. */
@QuarkusTest
class CentralUnitTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    String submit(String from, String to) throws Exception {
        ObjectNode caseJson = TestPackets.handover(from, to);
        HttpResponse<String> accepted = GatewayClient.municipality(base, from).submit(
                TestPackets.packed(caseJson, ExamplePki.municipality(from)));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return caseJson.get("transferId").asText();
    }

    List<JsonNode> allRows(GatewayClient client) throws Exception {
        List<JsonNode> rows = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode body = JSON.readTree(client.get("/api/v1/municipality/transfers?size=200&page=" + page).body());
            body.get("items").forEach(rows::add);
            if ((long) (page + 1) * 200 >= body.get("total").asLong()) {
                return rows;
            }
        }
    }

    @Test
    void theCentralUnitSeesItsMunicipalitysTransfersInAndOutWithDeadlinesAndNothingElse() throws Exception {
        String out = submit("101", "165");
        String in = submit("751", "101");
        String others = submit("165", "851");

        List<JsonNode> rows = allRows(GatewayClient.municipality(base, "101"));

        assertThat(rows).extracting(r -> r.get("id").asText()).contains(out, in).doesNotContain(others);
        assertThat(rows).allSatisfy(r -> assertThat(List.of(r.get("direction").asText(), r.get("counterpart")
                .asText())).isNotEqualTo(List.of("OUT", "101")));
        JsonNode outgoing = rows.stream().filter(r -> r.get("id").asText().equals(out)).findFirst().orElseThrow();
        assertThat(outgoing.get("direction").asText()).isEqualTo("OUT");
        assertThat(outgoing.get("counterpart").asText()).isEqualTo("165");
        assertThat(outgoing.get("standing").asText()).isEqualTo("ON_TIME");
        assertThat(outgoing.get("deadlines").findValuesAsText("kind")).containsExactly("DELIVERY",
                "RECEIVED_ACKNOWLEDGEMENT", "TAKEN_OVER");
        JsonNode incoming = rows.stream().filter(r -> r.get("id").asText().equals(in)).findFirst().orElseThrow();
        assertThat(incoming.get("direction").asText()).isEqualTo("IN");
        assertThat(incoming.get("counterpart").asText()).isEqualTo("751");
    }

    @Test
    void theClientShowsTheSameAndABadFilterIsRefusedWithItsProblem() throws Exception {
        String out = submit("101", "165");
        String[] options = {"--gateway", base.toString(), "--ca", "certs-example/ca.crt.pem",
                "--cert", "certs-example/municipalities/101.crt.pem",
                "--key", "certs-example/municipalities/101.key.pem"};

        CliRun listed = CliRun.of(concat(new String[] {"central", "--standing", "on_time", "--size", "200"}, options));
        CliRun misspelt = CliRun.of(concat(new String[] {"central", "--standing", "late"}, options));
        CliRun refused = CliRun.of(concat(new String[] {"central", "--status", "LATE"}, options));

        assertThat(listed.exitCode()).as(listed.err()).isZero();
        assertThat(listed.out()).startsWith("200 ").contains(out);
        assertThat(misspelt.exitCode()).isEqualTo(SagsbroCli.USAGE);
        assertThat(misspelt.err()).contains("'late'", "on_time, reminded, overdue, closed");
        assertThat(refused.exitCode()).isEqualTo(SagsbroCli.REFUSED);
        assertThat(refused.err()).startsWith("400 ").contains("status");
    }

    static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
