package dk.sagsbro.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.support.TestPackets;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's walk-through, as a test: pack, submit, status, list and receipt through the client. */
@QuarkusTest
class CliAgainstGatewayTest {

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    String[] gateway(String municipality, String... command) {
        String[] options = {"--gateway", base.toString(), "--ca", "certs-example/ca.crt.pem",
                "--cert", "certs-example/municipalities/" + municipality + ".crt.pem",
                "--key", "certs-example/municipalities/" + municipality + ".key.pem"};
        String[] all = new String[command.length + options.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(options, 0, all, command.length, options.length);
        return all;
    }

    @Test
    void submitsAndFollowsATransfer(@TempDir Path work) throws Exception {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();
        Path packet = work.resolve("packet.asice");
        assertThat(CliOfflineTest.pack(CliOfflineTest.caseFolder(work, caseJson), packet, "101").exitCode()).isZero();

        CliRun submitted = CliRun.of(gateway("101", "submit", packet.toString()));
        CliRun status = CliRun.of(gateway("165", "status", id));
        CliRun listed = CliRun.of(gateway("165", "list", "--role", "receiver"));
        CliRun receipt = CliRun.of(gateway("101", "receipt", id, "--out", work.resolve("r.p7m").toString()));
        CliRun hidden = CliRun.of(gateway("851", "status", id));

        assertThat(submitted.exitCode()).as(submitted.err()).isZero();
        assertThat(submitted.out()).startsWith("202 ");
        assertThat(new ObjectMapper().readTree(status.out().substring(4)).get("status").asText()).isEqualTo("RECEIVED");
        assertThat(listed.out()).contains(id);
        assertThat(receipt.exitCode()).isZero();
        assertThat(Files.size(work.resolve("r.p7m"))).isPositive();
        assertThat(hidden.exitCode()).isEqualTo(1);
        assertThat(hidden.err()).startsWith("404 ");

        CliRun inbox = CliRun.of(gateway("165", "inbox", "--size", "1"));
        boolean waitingInInbox = dk.sagsbro.support.GatewayClient.municipality(base, "165").inboxLists(id);
        // A larger file already at the target (an earlier download) must be replaced, not overwritten in part.
        Files.write(work.resolve("fetched.asice"), new byte[100_000]);
        CliRun fetched = CliRun.of(gateway("165", "fetch", id, "--out", work.resolve("fetched.asice").toString()));
        CliRun acknowledged = CliRun.of(gateway("165", "ack", id, "--kind", "RECEIVED"));
        CliRun takenOver = CliRun.of(gateway("165", "ack", id, "--kind", "TAKEN_OVER"));

        assertThat(inbox.exitCode()).isZero();
        assertThat(inbox.out()).startsWith("200 ").contains("\"size\":1");
        assertThat(waitingInInbox).isTrue();
        assertThat(fetched.exitCode()).as(fetched.err()).isZero();
        assertThat(Files.readAllBytes(work.resolve("fetched.asice"))).isEqualTo(Files.readAllBytes(packet));
        assertThat(work.resolve("fetched.asice.part")).doesNotExist();
        assertThat(acknowledged.exitCode()).as(acknowledged.err()).isZero();
        assertThat(acknowledged.out()).startsWith("201 ").contains("ACKNOWLEDGED");
        assertThat(takenOver.out()).contains("TAKEN_OVER");
    }
}
