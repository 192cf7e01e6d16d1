package dk.sagsbro.console;

import dk.sagsbro.signature.TlsContexts;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.net.URI;
import java.util.Optional;

/**
 * Keeps the console for operators: a request made with a client certificate (a municipality's) reaches no console
 * page or action, whatever else it carries; and an action must come from a console page of this gateway (its
 * Origin, or failing that its Referer, names this host), so another site cannot make an operator's browser act.
 */
public class ConsoleGuard {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> guard(HttpServerRequest request) {
        if (!ConsolePaths.isConsole(request.path())) {
            return Optional.empty();
        }
        if (TlsContexts.peerCertificate(request.sslSession()) != null) {
            return Optional.of(refuse("A municipality's client certificate gives no access to the operator console."));
        }
        boolean reading = HttpMethod.GET.equals(request.method()) || HttpMethod.HEAD.equals(request.method());
        if (!reading && !fromThisHost(request)) {
            return Optional.of(refuse("This action did not come from a page of this console."));
        }
        return Optional.empty();
    }

    private static boolean fromThisHost(HttpServerRequest request) {
        // Host for HTTP/1.1, :authority for HTTP/2 (which browsers use over TLS).
        io.vertx.core.net.HostAndPort authority = request.authority();
        String host = authority == null ? null
                : authority.port() < 0 ? authority.host() : authority.host() + ":" + authority.port();
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            origin = request.getHeader("Referer");
        }
        if (host == null || origin == null) {
            return false;
        }
        try {
            URI source = URI.create(origin);
            String sourceAuthority = source.getPort() == -1 ? source.getHost() : source.getHost() + ":" + source.getPort();
            return "https".equals(source.getScheme()) && host.equalsIgnoreCase(sourceAuthority);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Response refuse(String why) {
        return Response.status(403).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity("<!doctype html><html lang=\"en\"><title>Forbidden</title><p>" + why + "</p></html>").build();
    }
}
