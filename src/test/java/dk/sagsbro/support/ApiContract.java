package dk.sagsbro.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/** The API contract in openapi/, read once, and checking a JSON value against one of its schemas. */
public final class ApiContract {
    public static final JsonNode CONTRACT;
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final SchemaValidatorsConfig STRICT = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();

    static {
        try {
            CONTRACT = new YAMLMapper().readTree(Path.of("openapi/sagsbro-api.yaml").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ApiContract() {
    }

    /** @return what in {@code value} breaks {@code schema} (a schema of the contract, its references resolved) */
    public static Set<ValidationMessage> violations(JsonNode schema, JsonNode value) {
        ObjectNode wrapper = new ObjectMapper().createObjectNode();
        wrapper.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        wrapper.setAll((ObjectNode) schema.deepCopy());
        wrapper.set("components", CONTRACT.get("components"));
        return SCHEMAS.getSchema(wrapper, STRICT).validate(value);
    }

    /** @return what in {@code value} breaks the component schema of that name */
    public static Set<ValidationMessage> violations(String componentSchema, JsonNode value) {
        return violations(CONTRACT.at("/components/schemas/" + componentSchema), value);
    }
}
