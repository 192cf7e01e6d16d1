package dk.sagsbro.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.operations.OperatorActions;
import dk.sagsbro.support.ConsoleClient;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who reaches the console: every page and every action, tried anonymously, with a municipality's client certificate
 * and as a logged-in operator. Only the operator gets through, and an operator cannot use the municipalities' API.
 */
@QuarkusTest
class ConsoleAuthorizationTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    GatewayClient copenhagen;
    String id;

    @BeforeEach
    void submit() {
        copenhagen = GatewayClient.municipality(base, "101");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        id = caseJson.get("transferId").asText();
        assertThat(copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))).statusCode())
                .isEqualTo(202);
    }

    List<String> pages() {
        List<String> pages = new ArrayList<>(List.of("/console", "/console/transfers",
                "/console/transfers?standing=OVERDUE&urgent=true&state=RECEIVED&municipality=165&from=2026-01-01",
                "/console/chart", "/console/chart?municipality=165", "/console/outbox", "/console/transfers/" + id,
                "/console/audit", "/console/subjects"));
        Stream.of(OperatorActions.Action.values()).forEach(a -> pages.add("/console/transfers/" + id + "/" + a.slug()));
        return pages;
    }

    /** Every page, and the evidence bundle, which is a download rather than a page. */
    List<String> reads() {
        List<String> reads = new ArrayList<>(pages());
        reads.add("/console/transfers/" + id + "/evidence");
        return reads;
    }

    /** The operator actions, then the data-subject request (a post that reads personal data). */
    List<String> actions() {
        List<String> actions = new ArrayList<>(Stream.of(OperatorActions.Action.values())
                .map(a -> "/console/transfers/" + id + "/" + a.slug()).toList());
        actions.add("/console/subjects");
        return actions;
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPageAndChangeNothing() throws Exception {
        ConsoleClient anonymous = ConsoleClient.anonymous(base);
        for (String page : reads()) {
            HttpResponse<String> response = anonymous.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(page).endsWith("/console/login");
        }
        for (String action : actions()) {
            HttpResponse<String> response = anonymous.post(action, ConsoleClient.confirmed("anonymous attempt",
                    "receiver", "751"));
            assertThat(response.statusCode()).as(action).isEqualTo(302);
            assertThat(response.headers().firstValue("Location").orElseThrow()).as(action).endsWith("/console/login");
        }
        assertUnchanged();
        assertThat(anonymous.get("/console/login").statusCode()).isEqualTo(200);
    }

    @Test
    void aMunicipalityCertificateReachesNoOperatorPageOrAction() throws Exception {
        for (String code : List.of("101", "165", "751")) {
            ConsoleClient municipality = ConsoleClient.municipality(base, code);
            for (String page : reads()) {
                assertThat(municipality.get(page).statusCode()).as(code + " " + page).isEqualTo(403);
            }
            for (String action : actions()) {
                assertThat(municipality.post(action, ConsoleClient.confirmed("municipality attempt", "receiver",
                        "751")).statusCode()).as(code + " " + action).isEqualTo(403);
            }
            assertThat(municipality.get("/console/login").statusCode()).isEqualTo(403);
            // Even with the operator's password, the certificate keeps the console closed.
            municipality.login(ConsoleClient.OPERATOR, ConsoleClient.OPERATOR_PASSWORD);
            assertThat(municipality.get("/console").statusCode()).isEqualTo(403);
            assertThat(municipality.post(actions().get(2), ConsoleClient.confirmed("with a password too"))
                    .statusCode()).isEqualTo(403);
        }
        assertUnchanged();
    }

    @Test
    void anOperatorReachesEveryPageAndAction() throws Exception {
        ConsoleClient operator = ConsoleClient.operator(base);
        for (String page : pages()) {
            HttpResponse<String> response = operator.get(page);
            assertThat(response.statusCode()).as(page).isEqualTo(200);
            assertThat(response.body()).as(page).contains("id=\"operator\">operator<");
        }
        HttpResponse<String> evidence = operator.get("/console/transfers/" + id + "/evidence");
        assertThat(evidence.statusCode()).isEqualTo(200);
        assertThat(evidence.headers().firstValue("Content-Type")).hasValue("application/pkcs7-mime");
        assertThat(evidence.body()).contains("sagsbro-evidence/v1").contains(id);
        // Each action is reached and judged on the transfer's state: a PULL receiver's transfer cannot be
        // pushed, nor redirected before a rejection...
        for (String action : List.of(actions().get(0), actions().get(1), actions().get(3), actions().get(4))) {
            HttpResponse<String> refused = operator.post(action, ConsoleClient.confirmed("operator attempt",
                    "receiver", "751", "notification", "00000000-0000-0000-0000-000000000000"));
            assertThat(refused.statusCode()).as(action).isEqualTo(409);
            assertThat(refused.body()).as(action).contains("id=\"problems\"");
        }
        assertUnchanged();
        // ...but it can be cancelled.
        HttpResponse<String> cancelled = operator.post(actions().get(2),
                ConsoleClient.confirmed("Sent by mistake: the family did not move"));
        assertThat(cancelled.statusCode()).isEqualTo(303);
        assertThat(cancelled.headers().firstValue("Location").orElseThrow()).endsWith("/console/transfers/" + id
                + "?done=cancel");
        JsonNode detail = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body());
        assertThat(detail.get("status").asText()).isEqualTo("CANCELLED");
        JsonNode last = detail.get("timeline").get(detail.get("timeline").size() - 1);
        assertThat(last.get("type").asText()).isEqualTo("CANCELLED");
        assertThat(last.get("actor").asText()).isEqualTo("operator:operator");
        assertThat(last.get("detail").asText()).contains("Sent by mistake");
    }

    @Test
    void anOperatorCannotDownloadAPacketOrUseTheMunicipalitiesApi() {
        ConsoleClient operator = ConsoleClient.operator(base);
        for (String path : List.of("/api/v1/transfers/" + id + "/packet", "/api/v1/transfers/" + id,
                "/api/v1/transfers/" + id + "/receipt", "/api/v1/transfers?role=receiver", "/api/v1/inbox")) {
            HttpResponse<String> response = operator.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.body()).as(path).contains("client-certificate-required");
        }
    }

    @Test
    void anActionFromAnotherSiteOrWithoutOriginIsRefused() throws Exception {
        ConsoleClient operator = ConsoleClient.operator(base);
        assertThat(operator.postFrom(actions().get(2), ConsoleClient.confirmed("forged"), "https://evil.example")
                .statusCode()).isEqualTo(403);
        assertThat(operator.postFrom(actions().get(2), ConsoleClient.confirmed("forged"), null).statusCode())
                .isEqualTo(403);
        assertUnchanged();
    }

    @Test
    void anActionNeedsConfirmationAndAReasonWithoutCprNumbers() throws Exception {
        ConsoleClient operator = ConsoleClient.operator(base);
        HttpResponse<String> unconfirmed = operator.post(actions().get(2), java.util.Map.of("reason", "no tick"));
        assertThat(unconfirmed.statusCode()).isEqualTo(409);
        assertThat(unconfirmed.body()).contains("tick the box to confirm");
        HttpResponse<String> blank = operator.post(actions().get(2), ConsoleClient.confirmed("   "));
        assertThat(blank.statusCode()).isEqualTo(409);
        assertThat(blank.body()).contains("give a reason");
        HttpResponse<String> withCpr = operator.post(actions().get(2),
                ConsoleClient.confirmed("the child " + TestPackets.CHILD_1 + " moved back"));
        assertThat(withCpr.statusCode()).isEqualTo(409);
        assertThat(withCpr.body()).contains("must not contain a CPR number").doesNotContain(TestPackets.CHILD_1);
        assertUnchanged();
    }

    @Test
    void aWrongPasswordLogsNobodyIn() {
        ConsoleClient visitor = ConsoleClient.anonymous(base);
        HttpResponse<String> login = visitor.login(ConsoleClient.OPERATOR, "not the password");
        assertThat(login.headers().firstValue("Location").orElse("")).contains("/console/login?error=true");
        assertThat(visitor.get("/console").statusCode()).isEqualTo(302);
        HttpResponse<String> unknown = visitor.login("nobody", ConsoleClient.OPERATOR_PASSWORD);
        assertThat(unknown.headers().firstValue("Location").orElse("")).contains("error=true");
    }

    @Test
    void loggingOutEndsTheSession() {
        ConsoleClient operator = ConsoleClient.operator(base);
        assertThat(operator.get("/console").statusCode()).isEqualTo(200);
        HttpResponse<String> logout = operator.post("/console/logout", java.util.Map.of());
        assertThat(logout.statusCode()).isEqualTo(303);
        assertThat(operator.get("/console").statusCode()).isEqualTo(302);
    }

    private void assertUnchanged() throws Exception {
        JsonNode detail = JSON.readTree(copenhagen.get("/api/v1/transfers/" + id).body());
        assertThat(detail.get("status").asText()).isEqualTo("RECEIVED");
        assertThat(detail.get("timeline").findValuesAsText("type")).containsExactly("RECEIVED");
    }
}
