package dk.sagsbro.api;

import dk.sagsbro.problem.ProblemType;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every path has one spelling. The filters that decide who may call what (the API's client certificate, the
 * console's guard) look at the path as it arrives, while routing decodes percent escapes, drops matrix parameters
 * and may resolve dot segments; so a path that routing would read differently from how it is written ("/%61pi",
 * "/console;x", "/api/../console", "//console") is refused before any of them runs. No path of the gateway needs
 * such a spelling: ids are UUIDs, codes are digits.
 */
public class CanonicalPathFilter {
    private static final Pattern NOT_CANONICAL = Pattern.compile("[%;\\\\]|//|/\\.{1,2}(/|$)");

    @ServerRequestFilter(preMatching = true, priority = 100)
    public Optional<Response> refuseOtherSpellings(HttpServerRequest request) {
        String path = request.path();
        if (path == null || !path.startsWith("/") || NOT_CANONICAL.matcher(path).find()) {
            return Optional.of(ProblemMappers.problem(ProblemType.REQUEST_INVALID, "the request path must be "
                    + "written plainly: no percent escapes, matrix parameters, backslashes, empty or dot segments",
                    null, null));
        }
        return Optional.empty();
    }

    static boolean canonical(String path) {
        return path != null && path.startsWith("/") && !NOT_CANONICAL.matcher(path).find();
    }
}
