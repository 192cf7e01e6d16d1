package dk.sagsbro.packet;

import dk.sagsbro.metadata.CaseMetadata;
import dk.sagsbro.metadata.CaseMetadataReader;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.registry.MunicipalityIdentities;
import dk.sagsbro.signature.CmsSignatureVerifier;
import dk.sagsbro.signature.SignatureCheck;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a scanned ASiC-E container: the mimetype, the manifest and every digest in it, the signature over the
 * manifest and who made it, and the case metadata. The same rules run in the gateway and in the offline
 * {@code verify} command. Completeness is checked separately, on the metadata this returns.
 */
public final class PacketVerifier {
    public static final String MEDIA_TYPE = "application/vnd.etsi.asic-e+zip";
    public static final String MIMETYPE_ENTRY = "mimetype";

    private final CmsSignatureVerifier signatures;
    /** Asked on each use: the registry behind it can be reloaded. */
    private final Supplier<MunicipalityIdentities> identities;
    private final CaseMetadataReader metadataReader;

    /** Re-reads the container computing the given digest algorithms, for a manifest that names other than SHA-256. */
    @FunctionalInterface
    public interface Rescan {
        ScannedContainer scan(Set<DigestAlgorithm> algorithms) throws IOException;
    }

    /** The outcome. {@code metadata} is null when case.json could not be read at all. */
    public record Verification(ScannedContainer container, CaseMetadata metadata, String signerMunicipality,
            Instant signingTime, List<Problem> problems) {
    }

    public PacketVerifier(CmsSignatureVerifier signatures, Supplier<MunicipalityIdentities> identities,
            CaseMetadataReader metadataReader) {
        this.signatures = signatures;
        this.identities = identities;
        this.metadataReader = metadataReader;
    }

    /**
     * @param submitter the municipality whose client certificate submits the packet, or empty offline
     */
    public Verification verify(ScannedContainer container, Optional<String> submitter, Rescan rescan)
            throws IOException {
        List<Problem> problems = new ArrayList<>(container.problems());
        if (!container.complete()) {
            return new Verification(container, null, null, null, problems);
        }
        checkMimetype(container, problems);

        List<String> manifestNames = container.entries().stream().map(ScannedEntry::name)
                .filter(n -> n.startsWith("META-INF/ASiCManifest") && n.endsWith(".xml")).toList();
        if (manifestNames.isEmpty()) {
            problems.add(Problem.of(ProblemType.MANIFEST_MISSING, "no META-INF/ASiCManifest.xml in the container"));
            return new Verification(container, null, null, null, problems);
        }
        if (manifestNames.size() > 1) {
            problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, manifestNames.get(1),
                    "exactly one ASiCManifest is allowed, since a packet has exactly one signer"));
        }
        String manifestName = manifestNames.get(0);
        byte[] manifestBytes = container.keptContent(manifestName).orElse(null);
        if (manifestBytes == null) {
            return new Verification(container, null, null, null, problems);
        }
        AsicManifestParser.Result parsed = new AsicManifestParser().parse(manifestName, manifestBytes);
        problems.addAll(parsed.problems());
        if (parsed.manifest() == null) {
            return new Verification(container, null, null, null, problems);
        }
        AsicManifest manifest = parsed.manifest();
        Set<String> listed = checkDataObjects(container, manifest, rescan, problems);
        for (ScannedEntry entry : container.entries()) {
            String name = entry.name();
            if (name.startsWith("META-INF/")) {
                if (!name.equals(manifestName) && !name.equals(manifest.signatureUri())) {
                    problems.add(Problem.ofEntry(ProblemType.UNLISTED_ENTRY, name, "META-INF/ may hold only "
                            + manifestName + " and the signature it names; nothing else is covered by the signature"));
                }
            } else if (!name.equals(MIMETYPE_ENTRY) && !listed.contains(name)) {
                problems.add(Problem.ofEntry(ProblemType.UNLISTED_ENTRY, name, "not listed in " + manifestName));
            }
        }

        SignatureCheck signature = checkSignature(container, manifest, manifestBytes, problems);
        String signer = null;
        if (signature != null && signature.signer() != null) {
            signer = identities.get().municipalityOf(signature.signer()).orElse(null);
            if (signer == null) {
                problems.add(Problem.ofEntry(ProblemType.SIGNER_NOT_SENDER, manifest.signatureUri(),
                        "the signer's certificate identifies no municipality"));
            }
        }

        CaseMetadata metadata = null;
        Optional<byte[]> caseJson = container.keptContent(CaseMetadataReader.ENTRY);
        if (caseJson.isEmpty() || !listed.contains(CaseMetadataReader.ENTRY)) {
            problems.add(Problem.ofEntry(ProblemType.CASE_METADATA_MISSING, CaseMetadataReader.ENTRY,
                    "case.json must be in the container and listed in the manifest"));
        } else {
            CaseMetadataReader.Result read = metadataReader.read(caseJson.get(),
                    path -> listed.contains(path) && container.entry(path).isPresent());
            problems.addAll(read.problems());
            metadata = read.metadata();
        }
        if (metadata != null && signer != null) {
            if (metadata.sender() != null && !signer.equals(metadata.sender())) {
                problems.add(Problem.ofEntry(ProblemType.SIGNER_NOT_SENDER, manifest.signatureUri(),
                        "signed by municipality " + signer + " but the sender is " + metadata.sender()));
            }
        }
        if (signer != null && submitter.isPresent() && !signer.equals(submitter.get())) {
            problems.add(Problem.ofEntry(ProblemType.SIGNER_NOT_SUBMITTER, manifest.signatureUri(),
                    "signed by municipality " + signer + " but submitted by " + submitter.get()));
        }
        return new Verification(container, metadata, signer,
                signature == null ? null : signature.signingTime(), problems);
    }

    /** Reports every fault of the mimetype entry at once: missing, not first, compressed, wrong content. */
    private static void checkMimetype(ScannedContainer container, List<Problem> problems) {
        List<ScannedEntry> entries = container.entries();
        int position = -1;
        for (int i = 0; i < entries.size() && position < 0; i++) {
            if (entries.get(i).name().equals(MIMETYPE_ENTRY)) {
                position = i;
            }
        }
        if (position < 0) {
            problems.add(Problem.ofEntry(ProblemType.MIMETYPE_INVALID, MIMETYPE_ENTRY,
                    "the container has no 'mimetype' entry; it must be the first entry and contain exactly '"
                            + MEDIA_TYPE + "'"));
            return;
        }
        if (position > 0) {
            problems.add(Problem.ofEntry(ProblemType.MIMETYPE_INVALID, MIMETYPE_ENTRY,
                    "must be the first entry; it is entry " + (position + 1) + ", after '" + entries.get(0).name()
                            + "'"));
        }
        if (!entries.get(position).stored()) {
            problems.add(Problem.ofEntry(ProblemType.MIMETYPE_INVALID, MIMETYPE_ENTRY, "must be stored uncompressed"));
        }
        String content = container.keptContent(MIMETYPE_ENTRY).map(b -> new String(b, StandardCharsets.US_ASCII))
                .orElse("");
        if (!content.equals(MEDIA_TYPE)) {
            problems.add(Problem.ofEntry(ProblemType.MIMETYPE_INVALID, MIMETYPE_ENTRY,
                    "must contain exactly '" + MEDIA_TYPE + "'"));
        }
    }

    /** @return the entry names the manifest lists */
    private static Set<String> checkDataObjects(ScannedContainer container, AsicManifest manifest, Rescan rescan,
            List<Problem> problems) throws IOException {
        Set<DigestAlgorithm> needed = EnumSet.noneOf(DigestAlgorithm.class);
        for (AsicManifest.DataObjectReference reference : manifest.references()) {
            DigestAlgorithm.fromUri(reference.digestAlgorithmUri()).filter(DigestAlgorithm::strong)
                    .ifPresent(needed::add);
        }
        ScannedContainer digested = container;
        boolean allComputed = container.entries().stream().allMatch(e -> needed.stream()
                .allMatch(a -> e.digest(a.jcaName()) != null));
        if (!allComputed) {
            digested = rescan.scan(needed);
        }
        Set<String> listed = new HashSet<>();
        for (AsicManifest.DataObjectReference reference : manifest.references()) {
            String uri = reference.uri();
            if (!listed.add(uri)) {
                problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, uri, "listed twice in the manifest"));
                continue;
            }
            if (uri.startsWith("META-INF/") || uri.equals(MIMETYPE_ENTRY)) {
                problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, uri,
                        "mimetype and META-INF/ entries are not data objects"));
                continue;
            }
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.fromUri(reference.digestAlgorithmUri());
            if (algorithm.isEmpty()) {
                problems.add(Problem.ofEntry(ProblemType.MANIFEST_INVALID, uri,
                        "unknown digest algorithm " + reference.digestAlgorithmUri()));
                continue;
            }
            if (!algorithm.get().strong()) {
                problems.add(Problem.ofEntry(ProblemType.ALGORITHM_WEAK, uri,
                        algorithm.get().jcaName() + " is not allowed; use SHA-256 or stronger"));
                continue;
            }
            Optional<ScannedEntry> entry = digested.entry(uri);
            if (entry.isEmpty()) {
                problems.add(Problem.ofEntry(ProblemType.DATA_OBJECT_MISSING, uri,
                        "listed in the manifest but not in the container"));
            } else if (!MessageDigest.isEqual(entry.get().digest(algorithm.get().jcaName()), reference.digestValue())) {
                problems.add(Problem.ofEntry(ProblemType.DIGEST_MISMATCH, uri,
                        "the " + algorithm.get().jcaName() + " digest does not match the manifest"));
            }
        }
        return listed;
    }

    private SignatureCheck checkSignature(ScannedContainer container, AsicManifest manifest, byte[] manifestBytes,
            List<Problem> problems) {
        String signatureName = manifest.signatureUri();
        Optional<byte[]> signature = container.keptContent(signatureName);
        if (signature.isEmpty()) {
            problems.add(Problem.ofEntry(ProblemType.SIGNATURE_MISSING, signatureName,
                    "the manifest's SigReference names an entry that is not in the container"));
            return null;
        }
        SignatureCheck check = signatures.verify(signature.get(), manifestBytes, signatureName);
        problems.addAll(check.problems());
        return check;
    }
}
