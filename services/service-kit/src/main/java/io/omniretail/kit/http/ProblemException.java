package io.omniretail.kit.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Thrown to answer with a problem+json body; mapped by {@link Mapper}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Integer retryAfterSeconds;

    public ProblemException(int status, String slug, String title, String detail) {
        this(status, slug, title, detail, null);
    }

    private ProblemException(int status, String slug, String title, String detail, Integer retryAfterSeconds) {
        super(title + ": " + detail, null, false, false);
        this.problem = Problem.of(status, slug, title, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 503 with Retry-After: the request was fine, a dependency (Kafka) could not take it in time. */
    public static ProblemException unavailable(String slug, String title, String detail, int retryAfterSeconds) {
        return new ProblemException(503, slug, title, detail, retryAfterSeconds);
    }

    public Problem problem() {
        return problem;
    }

    @Provider
    public static class Mapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            Response.ResponseBuilder response = Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem());
            if (e.retryAfterSeconds != null) {
                response.header("Retry-After", e.retryAfterSeconds);
            }
            return response.build();
        }
    }
}
