package dk.sagsbro.escalation;

import dk.sagsbro.signature.CmsSigner;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The gateway's signature on an escalation webhook, so that a municipality can tell it from a forgery. As in the
 * Standard Webhooks scheme, what is signed is {@code webhook-id "." webhook-timestamp "." body}: the id lets the
 * receiver drop a replay, the timestamp an old message. The signature is a detached CMS SignedData made with the
 * gateway's signing certificate (the one its receipts carry), so a receiver checks it against the municipal PKI it
 * already trusts, with no shared secret to distribute; {@code openssl cms -verify} does it (docs/operating.md).
 */
public final class WebhookSignature {
    /** The header carrying the base64 of the DER-encoded CMS signature. */
    public static final String HEADER = "Sagsbro-Signature";
    public static final String ID_HEADER = "webhook-id";
    public static final String TIMESTAMP_HEADER = "webhook-timestamp";

    private WebhookSignature() {
    }

    /** The bytes the signature is over. */
    public static byte[] signedContent(String id, long timestampSeconds, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(body.length + 64);
        content.writeBytes((id + "." + timestampSeconds + ".").getBytes(StandardCharsets.US_ASCII));
        content.writeBytes(body);
        return content.toByteArray();
    }

    /** @return the value of the {@value #HEADER} header */
    public static String sign(CmsSigner signer, String id, long timestampSeconds, byte[] body) {
        return Base64.getEncoder().encodeToString(signer.signDetached(signedContent(id, timestampSeconds, body)));
    }
}
