package dk.sagsbro.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment's register of the 98 municipalities: name and CVR number, how each receives packets, and where to
 * escalate. Read from a YAML file (docs/configuration.md); every problem in the file is reported at once.
 */
public final class MunicipalityRegistry {
    private static final ObjectMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One municipality's entry. */
    public record Entry(String code, String name, String cvr, Delivery delivery, List<URI> escalation) {
    }

    /** How the municipality receives packets; {@code endpoint} is its HTTPS receiver for PUSH. */
    public record Delivery(DeliveryMode mode, URI endpoint) {
    }

    /** The file's shape. */
    record File(String version, List<Entry> municipalities) {
    }

    /** The file is not a valid registry; {@code problems} lists what is wrong. */
    public static final class InvalidException extends IOException {
        private final transient List<String> problems;

        InvalidException(List<String> problems) {
            super("invalid municipality registry: " + String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    private final String version;
    private final Map<String, Entry> entries;
    private final MunicipalityIdentities identities;

    private MunicipalityRegistry(String version, Map<String, Entry> entries) {
        this.version = version;
        this.entries = Map.copyOf(entries);
        Map<String, String> codeByCvr = new HashMap<>();
        entries.values().stream().filter(e -> e.cvr() != null).forEach(e -> codeByCvr.put(e.cvr(), e.code()));
        this.identities = new MunicipalityIdentities(codeByCvr);
    }

    public static MunicipalityRegistry read(InputStream yaml, Municipalities municipalities) throws IOException {
        File file;
        try {
            file = YAML.readValue(yaml, File.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidException(List.of("not a registry file: " + e.getOriginalMessage()));
        }
        List<String> problems = new ArrayList<>();
        if (file == null || file.version() == null || file.version().isBlank()) {
            problems.add("a version is required");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        Set<String> cvrs = new HashSet<>();
        for (Entry entry : file == null || file.municipalities() == null ? List.<Entry>of() : file.municipalities()) {
            Optional<String> code = municipalities.normalise(entry.code());
            String where = "municipality " + entry.code();
            if (code.isEmpty()) {
                problems.add(where + ": not one of the 98 municipality codes");
                continue;
            }
            if (entries.containsKey(code.get())) {
                problems.add(where + ": listed twice");
            }
            if (entry.name() == null || entry.name().isBlank()) {
                problems.add(where + ": a name is required");
            }
            if (entry.cvr() != null && (!entry.cvr().matches("\\d{8}") || !cvrs.add(entry.cvr()))) {
                problems.add(where + ": the CVR number must be eight digits and belong to one municipality");
            }
            Delivery delivery = entry.delivery() == null ? new Delivery(DeliveryMode.PULL, null) : entry.delivery();
            if (delivery.mode() == DeliveryMode.PUSH && (delivery.endpoint() == null
                    || !"https".equals(delivery.endpoint().getScheme()))) {
                problems.add(where + ": PUSH delivery needs an https endpoint");
            }
            List<URI> escalation = entry.escalation() == null ? List.of() : entry.escalation();
            for (URI webhook : escalation) {
                if (webhook == null || !"https".equals(webhook.getScheme()) || webhook.getHost() == null) {
                    problems.add(where + ": escalation webhooks must be https URLs (the gateway signs them and "
                            + "presents its client certificate; plain http would expose both message and reader)");
                }
            }
            entries.put(code.get(), new Entry(code.get(), entry.name(), entry.cvr(), delivery, escalation));
        }
        if (entries.size() != municipalities.size() && problems.isEmpty()) {
            problems.add("all " + municipalities.size() + " municipalities must be listed; found " + entries.size());
        }
        if (!problems.isEmpty()) {
            throw new InvalidException(problems);
        }
        return new MunicipalityRegistry(file.version(), entries);
    }

    public String version() {
        return version;
    }

    public Optional<Entry> entry(String code) {
        return Optional.ofNullable(entries.get(code));
    }

    /** Which municipality a certificate speaks for, by the CVR numbers in this registry. */
    public MunicipalityIdentities identities() {
        return identities;
    }
}
