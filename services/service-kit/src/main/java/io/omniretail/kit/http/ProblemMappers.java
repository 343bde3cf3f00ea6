package io.omniretail.kit.http;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;

/**
 * Every error any service answers is problem+json (RFC 9457): the framework's own 4xx (unknown path 404, wrong
 * method 405, wrong media type 415, body too large 413, ...), unreadable or mistyped JSON bodies (400), Bean
 * Validation failures (400, with each violation), a missing or bad bearer token (401) or role (403), and, as a last
 * resort, an unexpected failure (500, logged with its stack trace: a 500 is always a bug to fix, never an answer to
 * bad input).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response framework(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "HTTP " + status : type.getReasonPhrase();
        Response.ResponseBuilder response = Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, slug(title), title, e.getMessage()));
        if (e.getResponse() != null) {
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(value -> response.header(name, value));
                }
            });
        }
        return response.build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unreadableJson(JsonProcessingException e) {
        return problem(400, "malformed-json", "Malformed JSON", e.getOriginalMessage());
    }

    // the exact types Quarkus REST maps itself (to a bare 400): named here so that ours win
    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unparsableJson(JsonParseException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response mistypedJson(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            path.append(reference.getFieldName() != null ? (path.isEmpty() ? "" : ".") + reference.getFieldName()
                    : "[" + reference.getIndex() + "]");
        }
        String detail = e.getOriginalMessage().replaceAll("`[a-z]+(\\.[a-zA-Z0-9_$]+)+`", "the expected type");
        return problem(400, "malformed-json", "Malformed JSON", path.isEmpty() ? detail : path + ": " + detail);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response unmappableJson(JsonMappingException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER - 100)
    public Response invalid(ConstraintViolationException e) {
        StringBuilder detail = new StringBuilder();
        e.getConstraintViolations().stream()
                .map(violation -> violation.getPropertyPath() + ": " + violation.getMessage()).sorted()
                .forEach(line -> detail.append(detail.isEmpty() ? "" : "; ").append(line));
        return problem(400, "invalid-request", "Invalid request", detail.toString());
    }

    // Roles (ADR 0017): no or a bad bearer token is 401 with the challenge of RFC 6750, a token without the role 403.
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return challenge("authentication-required", "Authentication required",
                "send an OIDC bearer token of the platform's provider (Authorization: Bearer ...)", "Bearer");
    }

    @ServerExceptionMapper
    public Response badToken(AuthenticationFailedException e) {
        return challenge("invalid-token", "Invalid token",
                "the bearer token is expired, malformed, not for this API or not signed by the platform's provider",
                "Bearer error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, "forbidden", "Forbidden", "your roles do not allow this operation");
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        LOG.error("unexpected failure", e);
        return problem(500, "internal-error", "Internal error", "the request failed unexpectedly; it was logged");
    }

    private static Response challenge(String slug, String title, String detail, String challenge) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", challenge)
                .entity(Problem.of(401, slug, title, detail)).build();
    }

    private static Response problem(int status, String slug, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, slug, title, detail)).build();
    }

    private static String slug(String title) {
        return title.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    }
}
