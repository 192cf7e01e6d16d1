package dk.sagsbro.api;

import dk.sagsbro.problem.ProblemType;
import dk.sagsbro.gateway.RegistryHolder;
import dk.sagsbro.signature.CertificatePaths;
import dk.sagsbro.signature.Revocation;
import dk.sagsbro.signature.TlsContexts;
import dk.sagsbro.signature.TrustAnchors;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * Identifies the calling municipality from the client certificate of the mutual-TLS connection (the TLS layer has
 * already checked it against the trust store). An API request without one, or with one that names no municipality,
 * is refused before any resource runs. (The TLS layer only requests a certificate: operators use browsers.)
 */
public class ClientCertificateFilter {
    private static final String API_ROOT = "/api/";

    /** Looked up per request: the filter is built at start-up, before the runtime configuration is read. */
    @Inject
    Instance<RegistryHolder> registry;

    @Inject
    CallingMunicipality caller;

    @Inject
    Instance<Revocation> revocation;

    @Inject
    Instance<TrustAnchors> anchors;

    /** Kept with the anchors it was made for: it remembers the paths it has built. */
    private volatile CertificatePaths paths;

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> identify(HttpServerRequest request) {
        if (!request.path().startsWith(API_ROOT)) {
            return Optional.empty(); // the operator console: operators log in, municipalities have no access
        }
        java.util.List<X509Certificate> chain = TlsContexts.peerChain(request.sslSession());
        X509Certificate certificate = chain.isEmpty() ? null : chain.get(0);
        if (certificate == null) {
            return Optional.of(ProblemMappers.problem(ProblemType.CLIENT_CERTIFICATE_REQUIRED,
                    "call over mutual TLS with your municipality's certificate", null, null));
        }
        Optional<String> municipality = registry.get().current().identities().municipalityOf(certificate);
        if (municipality.isEmpty()) {
            return Optional.of(ProblemMappers.problem(ProblemType.CLIENT_NOT_RECOGNISED,
                    "the client certificate names no municipality known to the gateway", null, null));
        }
        Optional<String> unusable = CertificatePaths.whyNotUsableFor(certificate,
                CertificatePaths.Purpose.TLS_CLIENT);
        if (unusable.isPresent()) {
            return Optional.of(ProblemMappers.problem(ProblemType.CLIENT_NOT_RECOGNISED,
                    "the client certificate: " + unusable.get(), null, null));
        }
        if (revocation.get().mode() == Revocation.Mode.OFF) {
            caller.identify(municipality.get(), certificate); // the TLS layer has checked the chain against the same anchors
            return Optional.empty();
        }
        // Revocation is checked on the path the gateway builds from its own trust anchors, not on the chain the
        // client chose to send.
        Optional<java.util.List<X509Certificate>> path = pathsFor(anchors.get()).build(certificate,
                chain.subList(1, chain.size()), java.time.Instant.now());
        if (path.isEmpty()) {
            return Optional.of(ProblemMappers.problem(ProblemType.CLIENT_NOT_RECOGNISED,
                    "the client certificate does not chain to a trusted authority", null, null));
        }
        Optional<Revocation.Refusal> refusal = revocation.get().check(path.get(), anchors.get().certificates());
        if (refusal.isPresent()) {
            return Optional.of(ProblemMappers.problem(refusal.get().type(), 403,
                    "the client certificate: " + refusal.get().detail(), null, null));
        }
        caller.identify(municipality.get(), certificate);
        return Optional.empty();
    }

    private CertificatePaths pathsFor(TrustAnchors current) {
        CertificatePaths known = paths;
        if (known == null || known.anchors() != current) { // one TrustAnchors object for as long as it holds
            known = new CertificatePaths(current);
            paths = known;
        }
        return known;
    }
}
