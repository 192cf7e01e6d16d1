package dk.sagsbro.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/** A transfer that has reached its receiver, for tests of what comes after delivery. */
public record DeliveredTransfer(String id, String packetDigest) {

    /** København (101) submits a handover to Albertslund (165), which downloads it: the transfer is DELIVERED. */
    public static DeliveredTransfer from101To165(URI base) {
        ObjectNode caseJson = TestPackets.handover("101", "165");
        String id = caseJson.get("transferId").asText();
        var submitted = GatewayClient.municipality(base, "101").submit(TestPackets.packed(caseJson,
                ExamplePki.municipality("101")));
        if (submitted.statusCode() != 202) {
            throw new IllegalStateException("submission refused: " + submitted.body());
        }
        var download = GatewayClient.municipality(base, "165").getBytes("/api/v1/transfers/" + id + "/packet");
        if (download.statusCode() != 200) {
            throw new IllegalStateException("download refused: " + download.statusCode());
        }
        try {
            return new DeliveredTransfer(id, new ObjectMapper().readTree(submitted.body()).get("packetDigest")
                    .asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
