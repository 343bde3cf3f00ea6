package io.omniretail.kit.http;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Thrown to answer with a problem+json body; mapped by {@link Mapper}. */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(int status, String slug, String title, String detail) {
        super(title + ": " + detail);
        this.problem = Problem.of(status, slug, title, detail);
    }

    public Problem problem() {
        return problem;
    }

    @Provider
    public static class Mapper implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException e) {
            return Response.status(e.problem().status()).type(Problem.MEDIA_TYPE).entity(e.problem()).build();
        }
    }
}
