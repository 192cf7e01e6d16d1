package dk.sagsbro.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dk.sagsbro.metadata.RecordType;
import dk.sagsbro.metadata.TransferKind;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.escalation.Escalations;
import dk.sagsbro.support.ApiContract;
import dk.sagsbro.support.ExamplePki;
import dk.sagsbro.support.GatewayClient;
import dk.sagsbro.support.TestPackets;
import dk.sagsbro.transfer.TransferEventType;
import dk.sagsbro.transfer.TransferStatus;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * openapi/ is the contract: the running gateway serves exactly its operations, answers with the status codes and
 * body shapes it documents, and names states, kinds, events and problem types as the code does.
 */
@QuarkusTest
class ApiContractTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final JsonNode CONTRACT = ApiContract.CONTRACT;
    static final JsonNode CASE_SCHEMA = read("openapi/case-metadata.schema.json", JSON);
    static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true)
            .build();

    @TestHTTPResource(value = "/", tls = true)
    URI base;

    static JsonNode read(String file, ObjectMapper mapper) {
        try {
            return mapper.readTree(java.nio.file.Path.of(file).toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theGatewayServesExactlyTheOperationsOfTheContract() {
        Set<String> documented = new TreeSet<>();
        CONTRACT.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames()
                .forEachRemaining(method -> documented.add(method.toUpperCase() + " " + path.getKey())));

        Set<String> served = new TreeSet<>();
        for (JavaClass resource : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dk.sagsbro").stream().filter(c -> c.isAnnotatedWith(Path.class)).toList()) {
            Class<?> type = resource.reflect();
            String root = type.getAnnotation(Path.class).value();
            if (!root.startsWith("/api/")) {
                continue; // the operator console's HTML pages are not part of the municipalities' API
            }
            for (Method method : type.getMethods()) {
                String verb = method.isAnnotationPresent(GET.class) ? "GET"
                        : method.isAnnotationPresent(POST.class) ? "POST" : null;
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    served.add(verb + " " + root + (sub == null ? "" : "/" + sub.value()));
                }
            }
        }
        assertThat(served).isEqualTo(documented);
    }

    @Test
    void answersMatchTheDocumentedStatusesAndSchemas() {
        GatewayClient copenhagen = GatewayClient.municipality(base, "101");
        ObjectNode caseJson = TestPackets.handover("101", "165");
        byte[] packet = TestPackets.packed(caseJson, ExamplePki.municipality("101"));
        String id = caseJson.get("transferId").asText();

        assertMatches("/api/v1/transfers", "post", copenhagen.submit(packet));
        assertMatches("/api/v1/transfers/{id}", "get", copenhagen.get("/api/v1/transfers/" + id));
        assertMatches("/api/v1/transfers", "get", copenhagen.get("/api/v1/transfers?role=sender&size=5"));
        assertMatches("/api/v1/transfers", "get", copenhagen.get("/api/v1/transfers?size=500"));
        assertMatches("/api/v1/transfers/{id}", "get", GatewayClient.municipality(base, "851")
                .get("/api/v1/transfers/" + id));
        caseJson.put("urgent", true);
        assertMatches("/api/v1/transfers", "post",
                copenhagen.submit(TestPackets.packed(caseJson, ExamplePki.municipality("101"))));
        assertMatches("/api/v1/transfers", "post", copenhagen.submit("not a packet".getBytes()));
        assertThat(copenhagen.getBytes("/api/v1/transfers/" + id + "/receipt").statusCode()).isEqualTo(200);
        GatewayClient albertslund = GatewayClient.municipality(base, "165");
        assertMatches("/api/v1/inbox", "get", albertslund.get("/api/v1/inbox"));
        assertMatches("/api/v1/transfers/{id}/packet", "get", copenhagen.get("/api/v1/transfers/" + id + "/packet"));
        assertThat(albertslund.getBytes("/api/v1/transfers/" + id + "/packet").statusCode()).isEqualTo(200);
        assertMatches("/api/v1/transfers/{id}/acknowledgements", "post", albertslund.send(java.net.http.HttpRequest
                .newBuilder(base.resolve("/api/v1/transfers/" + id + "/acknowledgements"))
                .header("Content-Type", "application/pkcs7-mime")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("not signed")).build(),
                HttpResponse.BodyHandlers.ofString()));
        assertMatches("/api/v1/transfers/{id}", "get", albertslund.get("/api/v1/transfers/" + id));
    }

    void assertMatches(String path, String method, HttpResponse<String> response) {
        JsonNode documented = CONTRACT.at("/paths/" + path.replace("/", "~1") + "/" + method + "/responses/"
                + response.statusCode());
        assertThat(documented.isMissingNode()).as(method + " " + path + " answered " + response.statusCode()
                + ", which the contract does not document").isFalse();
        if (documented.has("$ref")) {
            documented = CONTRACT.at(documented.get("$ref").asText().substring(1));
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("").split(";")[0];
        JsonNode schema = documented.at("/content/" + contentType.replace("/", "~1") + "/schema");
        assertThat(schema.isMissingNode()).as(method + " " + path + " " + response.statusCode() + " as "
                + contentType).isFalse();
        try {
            Set<ValidationMessage> errors = ApiContract.violations(schema, JSON.readTree(response.body()));
            assertThat(errors).as(method + " " + path + " " + response.statusCode() + ": " + response.body())
                    .isEmpty();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + response.body(), e);
        }
    }

    @Test
    void theWebhooksAreDescribedAsTheGatewaySendsThem() {
        JsonNode escalation = CONTRACT.at("/webhooks/escalation/post/requestBody/content/application~1json");
        assertThat(enumOf(CONTRACT.at("/components/schemas/EscalationNotification/properties/subject")))
                .isEqualTo(names(Escalations.Subject.values()));
        assertThat(escalation.get("examples").size()).isPositive();
        escalation.get("examples").fields().forEachRemaining(example -> assertThat(ApiContract
                .violations("EscalationNotification", example.getValue().get("value"))).as(example.getKey())
                .isEmpty());
        assertThat(CONTRACT.at("/webhooks/pushDelivery/post/requestBody/content").has(dk.sagsbro.packet.PacketVerifier.MEDIA_TYPE))
                .isTrue();
    }

    /**
     * Every JSON body the API takes or gives has an example, and every example is valid against its schema: what an
     * integrator copies from the reference works.
     */
    @Test
    void everyJsonBodyOfEveryOperationHasAnExampleThatItsSchemaAccepts() {
        java.util.List<String> missing = new java.util.ArrayList<>();
        java.util.List<String> invalid = new java.util.ArrayList<>();
        CONTRACT.get("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            String where = op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
            java.util.List<JsonNode> bodies = new java.util.ArrayList<>();
            op.getValue().path("requestBody").path("content").fields().forEachRemaining(c -> {
                if (c.getKey().endsWith("json")) {
                    bodies.add(c.getValue());
                }
            });
            op.getValue().path("responses").fields().forEachRemaining(r -> {
                JsonNode response = r.getValue().has("$ref")
                        ? CONTRACT.at(r.getValue().get("$ref").asText().substring(1)) : r.getValue();
                response.path("content").fields().forEachRemaining(c -> {
                    if (c.getKey().endsWith("json")) {
                        bodies.add(c.getValue());
                    }
                });
            });
            for (JsonNode body : bodies) {
                java.util.List<JsonNode> examples = new java.util.ArrayList<>();
                if (body.has("example")) {
                    examples.add(body.get("example"));
                }
                body.path("examples").forEach(e -> examples.add(e.get("value")));
                if (examples.isEmpty()) {
                    missing.add(where);
                }
                for (JsonNode example : examples) {
                    if (!ApiContract.violations(body.get("schema"), example).isEmpty()) {
                        invalid.add(where + ": " + ApiContract.violations(body.get("schema"), example));
                    }
                }
            }
        }));

        assertThat(missing).as("JSON bodies without an example").isEmpty();
        assertThat(invalid).as("examples their schema refuses").isEmpty();
    }

    @Test
    void theContractNamesStatesKindsEventsAndProblemsAsTheCodeDoes() {
        assertThat(enumOf(CONTRACT.at("/components/schemas/TransferStatus"))).isEqualTo(names(TransferStatus.values()));
        assertThat(enumOf(CONTRACT.at("/components/schemas/TransferKind"))).isEqualTo(names(TransferKind.values()));
        assertThat(enumOf(CONTRACT.at("/components/schemas/TransferEventType")))
                .isEqualTo(names(TransferEventType.values()));
        assertThat(enumOf(CONTRACT.at("/components/schemas/ProblemType")))
                .isEqualTo(Stream.of(ProblemType.values()).map(ProblemType::slug).collect(Collectors.toSet()));
        assertThat(enumOf(CASE_SCHEMA.at("/$defs/recordType"))).isEqualTo(names(RecordType.values()));
        assertThat(enumOf(CASE_SCHEMA.at("/properties/kind"))).isEqualTo(names(TransferKind.values()));
    }

    @Test
    void theCaseSchemaAcceptsWhatTheGatewayAcceptsAndRefusesBrokenShapes() throws IOException {
        JsonSchema schema = SCHEMAS.getSchema(CASE_SCHEMA, STRICT);
        ObjectNode valid = TestPackets.handover("0101", "165");
        ObjectNode broken = valid.deepCopy();
        broken.remove("moveDate");
        broken.put("colour", "blue");

        assertThat(schema.validate(JSON.readTree(TestPackets.json(valid)))).isEmpty();
        assertThat(schema.validate(broken)).hasSize(2);
    }

    static Set<String> enumOf(JsonNode node) {
        Set<String> values = new TreeSet<>();
        node.get("enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    static Set<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
