package dk.sagsbro.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dk.sagsbro.packet.AsicManifestParser;
import dk.sagsbro.packet.AsicPacker;
import dk.sagsbro.packet.DigestAlgorithm;
import dk.sagsbro.packet.PacketVerifier;
import dk.sagsbro.signature.CmsSigner;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Makes case packets for tests: a complete handover by default, as parts that a test can alter before they are
 * zipped. The CPR numbers are fictitious.
 */
public final class TestPackets {
    public static final String CHILD_1 = "0101154123";
    public static final String CHILD_2 = "0203184567";
    public static final String CUSTODIAN = "1205854321";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPackets() {
    }

    /** A HANDOVER that satisfies the default completeness policy, with one document per record. */
    public static ObjectNode handover(String sender, String receiver) {
        ObjectNode c = JSON.createObjectNode();
        c.put("transferId", UUID.randomUUID().toString());
        c.put("kind", "HANDOVER");
        c.put("sender", sender);
        c.put("receiver", receiver);
        c.put("moveDate", "2099-12-01");
        ArrayNode children = c.putArray("children");
        children.addObject().put("cpr", CHILD_1).put("name", "Barn Et");
        c.putArray("custodians").addObject().put("cpr", CUSTODIAN);
        c.put("urgent", false);
        c.put("addressProtected", false);
        ObjectNode status = c.putObject("caseStatus");
        status.put("investigation", "COMPLETED");
        status.put("measures", true);
        status.put("placed", false);
        c.putArray("missingRecords");
        ArrayNode records = c.putArray("records");
        for (String type : List.of("NOTIFICATION", "ASSESSMENT_SUMMARY", "CHILD_INVESTIGATION", "DECISION",
                "PARTY_HEARING", "CHILD_PLAN", "CHILD_CONVERSATION", "SUPPORTER_INFO")) {
            addRecord(records, type);
        }
        return c;
    }

    /** Removes every record of {@code type} from case.json. */
    public static void removeRecords(ObjectNode caseJson, String type) {
        ArrayNode records = caseJson.withArray("records");
        for (int i = records.size() - 1; i >= 0; i--) {
            if (records.get(i).get("type").asText().equals(type)) {
                records.remove(i);
            }
        }
    }

    public static ObjectNode addRecord(ArrayNode records, String type) {
        ObjectNode record = records.addObject();
        record.put("path", "documents/" + type.toLowerCase().replace('_', '-') + ".txt");
        record.put("type", type);
        record.put("title", type.replace('_', ' ').toLowerCase());
        record.put("date", "2099-11-01");
        return record;
    }

    /** One document per record in the case, with some text. */
    public static Map<String, byte[]> documentsFor(ObjectNode caseJson) {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        caseJson.withArray("records").forEach(r -> documents.put(r.get("path").asText(),
                ("Sagsbro test document " + r.get("type").asText() + "\n").repeat(20)
                        .getBytes(StandardCharsets.UTF_8)));
        return documents;
    }

    public static byte[] json(ObjectNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A packet made by Sagsbro's own packer. */
    public static byte[] packed(ObjectNode caseJson, CmsSigner signer) {
        return packed(caseJson, documentsFor(caseJson), signer);
    }

    public static byte[] packed(ObjectNode caseJson, Map<String, byte[]> documents, CmsSigner signer) {
        List<AsicPacker.Document> list = new ArrayList<>();
        documents.forEach((name, content) -> list.add(new AsicPacker.Document(name, AsicPacker.mimeTypeOf(name),
                () -> new ByteArrayInputStream(content))));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new AsicPacker(signer).pack(json(caseJson), list, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An ASiCManifest over the given data objects, with one digest algorithm for all. */
    public static byte[] manifest(Map<String, byte[]> dataObjects, DigestAlgorithm algorithm, String signatureUri) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<asic:ASiCManifest "
                + "xmlns:asic=\"" + AsicManifestParser.ASIC_NS + "\" xmlns:ds=\"" + AsicManifestParser.DSIG_NS
                + "\">\n<asic:SigReference URI=\"" + signatureUri + "\" MimeType=\"application/pkcs7-signature\"/>\n");
        dataObjects.forEach((name, content) -> xml.append("<asic:DataObjectReference URI=\"").append(name)
                .append("\" MimeType=\"").append(AsicPacker.mimeTypeOf(name)).append("\"><ds:DigestMethod Algorithm=\"")
                .append(algorithm.uri()).append("\"/><ds:DigestValue>")
                .append(Base64.getEncoder().encodeToString(algorithm.newDigest().digest(content)))
                .append("</ds:DigestValue></asic:DataObjectReference>\n"));
        return xml.append("</asic:ASiCManifest>\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The parts of a container, to be altered by a test and then zipped in the usual order. */
    public static final class Parts {
        public byte[] mimetype = PacketVerifier.MEDIA_TYPE.getBytes(StandardCharsets.US_ASCII);
        public byte[] caseJson;
        public Map<String, byte[]> documents;
        public byte[] manifest;
        public byte[] signature;
        public String manifestName = AsicPacker.MANIFEST_ENTRY;
        public String signatureName = AsicPacker.SIGNATURE_ENTRY;

        /** Recomputes the manifest over case.json and the documents, and signs it. */
        public Parts sign(CmsSigner signer) {
            Map<String, byte[]> dataObjects = new LinkedHashMap<>();
            dataObjects.put("case.json", caseJson);
            dataObjects.putAll(documents);
            manifest = manifest(dataObjects, DigestAlgorithm.SHA256, signatureName);
            signature = signer.signDetached(manifest);
            return this;
        }

        public RawZip zipWithoutMetaInf() {
            RawZip zip = new RawZip().stored("mimetype", mimetype);
            if (caseJson != null) {
                zip.deflated("case.json", caseJson);
            }
            documents.forEach(zip::deflated);
            return zip;
        }

        public RawZip zip() {
            RawZip zip = zipWithoutMetaInf();
            if (manifest != null) {
                zip.deflated(manifestName, manifest);
            }
            if (signature != null) {
                zip.deflated(signatureName, signature);
            }
            return zip;
        }

        public byte[] bytes() {
            return zip().toBytes();
        }
    }

    public static Parts parts(ObjectNode caseJson, CmsSigner signer) {
        Parts parts = new Parts();
        parts.caseJson = json(caseJson);
        parts.documents = documentsFor(caseJson);
        return parts.sign(signer);
    }
}
