package dk.sagsbro.packet;

import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Parses an ASiCManifest with a parser that refuses DTDs and external entities altogether, so no entity expansion
 * or external fetch can be triggered by a packet.
 */
public final class AsicManifestParser {
    public static final String ASIC_NS = "http://uri.etsi.org/02918/v1.2.1#";
    public static final String DSIG_NS = "http://www.w3.org/2000/09/xmldsig#";

    /** The outcome: a manifest, or the problems that prevented reading one. */
    public record Result(AsicManifest manifest, List<Problem> problems) {
    }

    public Result parse(String entryName, byte[] xml) {
        Document document;
        try {
            DocumentBuilder builder = BUILDERS.get();
            try {
                document = builder.parse(new ByteArrayInputStream(xml));
            } finally {
                builder.reset();
                guard(builder);
            }
        } catch (SAXException | IOException e) {
            return failure(entryName, "not well-formed or contains a DTD: " + e.getMessage());
        }
        Element root = document.getDocumentElement();
        if (!ASIC_NS.equals(root.getNamespaceURI()) || !"ASiCManifest".equals(root.getLocalName())) {
            return failure(entryName, "root element must be ASiCManifest in namespace " + ASIC_NS);
        }
        List<Problem> problems = new ArrayList<>();
        List<Element> sigReferences = children(root, ASIC_NS, "SigReference");
        String signatureUri = null;
        if (sigReferences.size() != 1) {
            problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, entryName,
                    "must have exactly one SigReference, has " + sigReferences.size()));
        } else {
            signatureUri = decodeUri(sigReferences.get(0).getAttribute("URI"));
            if (signatureUri == null || !signatureUri.startsWith("META-INF/")) {
                problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, entryName,
                        "SigReference URI must name an entry under META-INF/"));
            }
        }
        List<AsicManifest.DataObjectReference> references = new ArrayList<>();
        for (Element reference : children(root, ASIC_NS, "DataObjectReference")) {
            String uri = decodeUri(reference.getAttribute("URI"));
            List<Element> method = children(reference, DSIG_NS, "DigestMethod");
            List<Element> value = children(reference, DSIG_NS, "DigestValue");
            if (uri == null || uri.isEmpty() || method.size() != 1 || value.size() != 1) {
                problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, entryName,
                        "DataObjectReference " + (uri == null ? "" : "'" + uri + "' ")
                                + "needs a URI, one DigestMethod and one DigestValue"));
                continue;
            }
            byte[] digest;
            try {
                digest = Base64.getMimeDecoder().decode(value.get(0).getTextContent().trim());
            } catch (IllegalArgumentException e) {
                problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, entryName,
                        "DigestValue of '" + uri + "' is not base64"));
                continue;
            }
            references.add(new AsicManifest.DataObjectReference(uri, reference.getAttribute("MimeType"),
                    method.get(0).getAttribute("Algorithm"), digest));
        }
        if (references.isEmpty()) {
            problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, entryName, "lists no data objects"));
        }
        return new Result(problems.isEmpty() ? new AsicManifest(signatureUri, references) : null, problems);
    }

    private static Result failure(String entryName, String detail) {
        return new Result(null, List.of(Problem.ofEntry(ProblemType.MANIFEST_INVALID, entryName, detail)));
    }

    /** Manifest URIs are relative references; a name with spaces arrives percent-encoded. */
    private static String decodeUri(String uri) {
        if (uri == null || uri.isEmpty()) {
            return null;
        }
        try {
            URI parsed = new URI(uri);
            if (parsed.isAbsolute() || parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
                return null;
            }
            return parsed.getPath();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static List<Element> children(Element parent, String namespace, String localName) {
        List<Element> result = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                result.add(element);
            }
        }
        return result;
    }

    /**
     * One parser per thread, reset after each use: making the factory and the parser anew cost a fifth of a packet's
     * offline verification.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(() -> {
        try {
            return guard(hardenedFactory().newDocumentBuilder());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser cannot be hardened", e);
        }
    });

    /** Refuses external entities and stops at the first error; a reset parser forgets both. */
    private static DocumentBuilder guard(DocumentBuilder builder) {
        builder.setErrorHandler(SILENT);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entities are not allowed");
        });
        return builder;
    }

    static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}
