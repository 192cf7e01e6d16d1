package dk.sagsbro.packet;

import dk.sagsbro.signature.CmsSigner;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a signed ASiC-E container as a stream: mimetype, case.json, the documents, then the ASiCManifest with the
 * SHA-256 of each data object (computed as they are written) and a detached CAdES-B signature over the manifest.
 */
public final class AsicPacker {
    public static final String MANIFEST_ENTRY = "META-INF/ASiCManifest.xml";
    public static final String SIGNATURE_ENTRY = "META-INF/signature.p7s";

    /** A document to pack: its entry name (under documents/) and a way to open its content once. */
    public record Document(String name, String mimeType, ContentSource content) {
    }

    @FunctionalInterface
    public interface ContentSource {
        InputStream open() throws IOException;
    }

    private final CmsSigner signer;
    private final int compressionLevel;

    public AsicPacker(CmsSigner signer) {
        this(signer, Deflater.DEFAULT_COMPRESSION);
    }

    public AsicPacker(CmsSigner signer, int compressionLevel) {
        this.signer = signer;
        this.compressionLevel = compressionLevel;
    }

    public void pack(byte[] caseJson, List<Document> documents, OutputStream out) throws IOException {
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
        zip.setLevel(compressionLevel);
        writeMimetype(zip);
        List<String> references = new ArrayList<>();
        references.add(reference("case.json", "application/json",
                writeEntry(zip, "case.json", new ByteArrayInputStream(caseJson))));
        for (Document document : documents) {
            try (InputStream content = document.content().open()) {
                references.add(reference(document.name(), document.mimeType(),
                        writeEntry(zip, document.name(), content)));
            }
        }
        byte[] manifest = manifest(references);
        writeEntry(zip, MANIFEST_ENTRY, new ByteArrayInputStream(manifest));
        writeEntry(zip, SIGNATURE_ENTRY, new ByteArrayInputStream(signer.signDetached(manifest)));
        zip.finish();
        zip.flush();
    }

    public static String mimeTypeOf(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        String extension = lower.contains(".") ? lower.substring(lower.lastIndexOf('.') + 1) : "";
        return switch (extension) {
            case "pdf" -> "application/pdf";
            case "xml" -> "application/xml";
            case "json" -> "application/json";
            case "txt" -> "text/plain";
            case "png" -> "image/png";
            case "jpg", "jpeg" -> "image/jpeg";
            case "tif", "tiff" -> "image/tiff";
            default -> "application/octet-stream";
        };
    }

    private static void writeMimetype(ZipOutputStream zip) throws IOException {
        byte[] content = PacketVerifier.MEDIA_TYPE.getBytes(StandardCharsets.US_ASCII);
        ZipEntry entry = new ZipEntry(PacketVerifier.MIMETYPE_ENTRY);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(content.length);
        CRC32 crc = new CRC32();
        crc.update(content);
        entry.setCrc(crc.getValue());
        zip.putNextEntry(entry);
        zip.write(content);
        zip.closeEntry();
    }

    private static byte[] writeEntry(ZipOutputStream zip, String name, InputStream content) throws IOException {
        MessageDigest digest = DigestAlgorithm.SHA256.newDigest();
        zip.putNextEntry(new ZipEntry(name));
        byte[] buffer = new byte[1 << 16];
        for (int n = content.read(buffer); n >= 0; n = content.read(buffer)) {
            digest.update(buffer, 0, n);
            zip.write(buffer, 0, n);
        }
        zip.closeEntry();
        return digest.digest();
    }

    private static String reference(String name, String mimeType, byte[] digest) {
        return "  <asic:DataObjectReference URI=\"" + xml(uri(name)) + "\" MimeType=\"" + xml(mimeType) + "\">\n"
                + "    <ds:DigestMethod Algorithm=\"" + DigestAlgorithm.SHA256.uri() + "\"/>\n"
                + "    <ds:DigestValue>" + Base64.getEncoder().encodeToString(digest) + "</ds:DigestValue>\n"
                + "  </asic:DataObjectReference>\n";
    }

    private static byte[] manifest(List<String> references) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<asic:ASiCManifest xmlns:asic=\"").append(AsicManifestParser.ASIC_NS)
                .append("\" xmlns:ds=\"").append(AsicManifestParser.DSIG_NS).append("\">\n")
                .append("  <asic:SigReference URI=\"").append(SIGNATURE_ENTRY)
                .append("\" MimeType=\"application/pkcs7-signature\"/>\n");
        references.forEach(xml::append);
        xml.append("</asic:ASiCManifest>\n");
        return xml.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An entry name as a relative URI reference: spaces and other reserved characters percent-encoded. */
    private static String uri(String name) {
        try {
            return new URI(null, null, name, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("entry name cannot be written as a URI: " + name, e);
        }
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
