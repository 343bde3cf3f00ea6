package io.omniretail.kit.http;

import java.util.List;
import java.util.Map;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

/**
 * Refuses, before any resource runs, a path or query parameter carrying control characters (%00 and the other C0
 * codes): no identifier, code or name of the platform contains one, and PostgreSQL cannot store a NUL.
 * Answers 400 problem+json.
 */
public class RequestGuard {

    @ServerRequestFilter(preMatching = true)
    public Response rejectControlCharacters(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath(true);
        if (hasControlCharacter(path)) {
            return badRequest("the path contains a control character");
        }
        for (Map.Entry<String, List<String>> parameter : request.getUriInfo().getQueryParameters(true).entrySet()) {
            if (hasControlCharacter(parameter.getKey()) || parameter.getValue().stream().anyMatch(RequestGuard::hasControlCharacter)) {
                return badRequest("query parameter '" + parameter.getKey().replaceAll("\\p{Cntrl}", "?") + "' contains a control character");
            }
        }
        return null;
    }

    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return true;
            }
        }
        return false;
    }

    private static Response badRequest(String detail) {
        return Response.status(400).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(400, "control-character", "Control character in request", detail)).build();
    }
}
