package dk.sagsbro.packet;

import java.util.List;

/** The ASiCManifest (ETSI EN 319 162-1): the signed list of data objects and the signature that covers it. */
public record AsicManifest(String signatureUri, List<DataObjectReference> references) {

    /** One data object: its entry name, MIME type and the digest the signer committed to. */
    public record DataObjectReference(String uri, String mimeType, String digestAlgorithmUri, byte[] digestValue) {
    }
}
