package dk.sagsbro.console;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Console pages may be shown only as themselves: no framing by another site (clickjacking), no script or style from
 * anywhere but the gateway, forms posting only back to it, no MIME sniffing, and no transfer ids leaking to other
 * sites in a Referer header.
 */
public class ConsoleHeaders {
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @ServerResponseFilter
    public void addSecurityHeaders(ContainerRequestContext request, ContainerResponseContext response) {
        if (!ConsolePaths.isConsole("/" + request.getUriInfo().getPath().replaceFirst("^/", ""))) {
            return;
        }
        var headers = response.getHeaders();
        headers.putSingle("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.putSingle("X-Frame-Options", "DENY");
        headers.putSingle("Referrer-Policy", "same-origin");
        headers.putSingle("X-Content-Type-Options", "nosniff");
        headers.putSingle("Cache-Control", "no-store");
    }
}
