package dk.sagsbro.api;

import dk.sagsbro.problem.ApiException;

import dk.sagsbro.acknowledgement.AcknowledgementVerifier;
import dk.sagsbro.intake.TransferConflictException;
import dk.sagsbro.problem.PacketRejectedException;
import dk.sagsbro.problem.UploadRefusedException;
import dk.sagsbro.problem.Problem;
import dk.sagsbro.problem.ProblemType;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.apache.camel.CamelExecutionException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Turns every failure into problem+json with a stable type, so a client can act on the response alone. */
public class ProblemMappers {

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        return problem(e.type(), e.getMessage(), uri, e.problems());
    }

    @ServerExceptionMapper
    public Response rejected(PacketRejectedException e, UriInfo uri) {
        return rejection(e, uri);
    }

    @ServerExceptionMapper
    public Response acknowledgementRefused(AcknowledgementVerifier.RefusedException e, UriInfo uri) {
        return problem(e.type(), e.getMessage() + "; nothing was recorded", uri, e.problems());
    }

    @ServerExceptionMapper
    public Response conflict(TransferConflictException e, UriInfo uri) {
        return problem(ProblemType.TRANSFER_CONFLICT, e.getMessage(), uri, null);
    }

    /** The intake route rethrows what its steps threw, wrapped by Camel. */
    @ServerExceptionMapper
    public Response route(CamelExecutionException e, UriInfo uri) {
        Throwable cause = e.getCause();
        if (cause instanceof PacketRejectedException rejected) {
            return rejection(rejected, uri);
        }
        if (cause instanceof TransferConflictException conflict) {
            return conflict(conflict, uri);
        }
        if (cause instanceof ApiException api) {
            return api(api, uri);
        }
        if (cause instanceof UploadRefusedException refused) {
            return problem(refused.type(), refused.getMessage(), uri, null);
        }
        if (cause instanceof ReadAheadBody.BrokenOff brokenOff) {
            Log.warnf("intake ended: %s; nothing was stored", brokenOff.getMessage());
            return problem(ProblemType.REQUEST_INVALID, "the upload ended before its body was complete; nothing "
                    + "was stored", uri, null);
        }
        if (databaseUnavailable(cause)) {
            Log.warnf("intake refused, the database is unavailable: %s", cause.getMessage());
            return problem(ProblemType.DATABASE_UNAVAILABLE, "the gateway's database cannot be reached; nothing "
                    + "was stored, submit again later", uri, null);
        }
        Log.error("intake failed", cause);
        return problem(ProblemType.INTERNAL_ERROR, "the gateway could not process the packet; nothing was "
                + "stored and it can be submitted again", uri, null);
    }

    /**
     * Anything else that escapes a resource: problem+json too, 503 when the database is down (the caller should try
     * again), else 500 with nothing of the failure's inside.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        if (databaseUnavailable(e)) {
            Log.warnf("request refused, the database is unavailable: %s", e.getMessage());
            return problem(ProblemType.DATABASE_UNAVAILABLE, "the gateway's database cannot be reached; nothing "
                    + "was recorded, try again later", uri, null);
        }
        Log.error("request failed", e);
        return problem(ProblemType.INTERNAL_ERROR, "the gateway failed; nothing was recorded", uri, null);
    }

    /**
     * Whether the failure is the database being out of reach (a connection that cannot be had or was lost, a server
     * shutting down or starting up) rather than a fault of the request or the gateway.
     */
    static boolean databaseUnavailable(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof java.sql.SQLTransientConnectionException
                    || cause instanceof java.sql.SQLNonTransientConnectionException) {
                return true;
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem> problems = e.getConstraintViolations().stream()
                .map(v -> Problem.of(ProblemType.REQUEST_INVALID, lastNode(v.getPropertyPath().toString()) + ": "
                        + v.getMessage()))
                .toList();
        return problem(ProblemType.REQUEST_INVALID, "the request has " + problems.size() + " problem(s)", uri,
                problems);
    }

    @ServerExceptionMapper
    public Response unsupported(NotSupportedException e, UriInfo uri) {
        return problem(ProblemType.UNSUPPORTED_MEDIA_TYPE, "send the container with Content-Type "
                + "application/vnd.etsi.asic-e+zip", uri, null);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        return problem(ProblemType.NOT_FOUND, "no such resource", uri, null);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (e instanceof NotAllowedException) {
            return problem(ProblemType.REQUEST_INVALID, status, "method not allowed here", uri, null);
        }
        return problem(ProblemType.REQUEST_INVALID, status, e.getMessage(), uri, null);
    }

    private static Response rejection(PacketRejectedException e, UriInfo uri) {
        return problem(ProblemType.PACKET_REJECTED, e.problems().size() + " problem(s) found; nothing was "
                + "stored", uri, e.problems());
    }

    static Response problem(ProblemType type, String detail, UriInfo uri, List<Problem> problems) {
        return problem(type, type.status(), detail, uri, problems);
    }

    /** For a status the framework chose (405, say) rather than the problem type. */
    static Response problem(ProblemType type, int status, String detail, UriInfo uri, List<Problem> problems) {
        Response.ResponseBuilder response = Response.status(status).type(ProblemDocument.MEDIA_TYPE)
                .entity(ProblemDocument.of(type, status, detail, uri == null ? null : uri.getPath(), problems));
        if (status == 429 || status == 503) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    /** When a caller refused for load (429, 503) may try again. */
    static final int RETRY_AFTER_SECONDS = 30;

    private static String lastNode(String path) {
        return path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
    }
}
