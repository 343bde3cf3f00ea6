package io.omniretail.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.testing.TestTokens;

/**
 * The access policy of every REST endpoint of every running service, proven against the real Keycloak of the stack
 * (ADR 0017). The endpoints come from each service's OpenAPI document, so none is missed: one that is not in
 * {@link #POLICY} fails the test until its role is decided here. For each endpoint that needs a role: no token and a
 * forged token get 401 with the Bearer challenge, a user without the platform's roles and every lower role get 403,
 * the role itself gets through (whatever the answer then is), all errors problem+json, and the OpenAPI document says
 * which role. Endpoints that authenticate their callers themselves (webhook signatures, store and write keys, the
 * customer's signed preference and unsubscribe links) turn away
 * a caller without those credentials even when it brings an admin's token.
 */
class EveryEndpointNeedsItsRoleE2EIT {

    static final Map<String, Integer> SERVICES = HostileRequestsE2EIT.SERVICES;
    /** Ranked lowest first; a role may do what the roles before it may. */
    static final List<String> RANKS = List.of(TestTokens.ASSOCIATE, TestTokens.MANAGER, TestTokens.ADMIN);
    /** Authenticated by the caller's own credentials (signature, store key, write key, signed link), not by a bearer token. */
    static final String SOURCE = "source-credentials";

    /** "service METHOD path" to the lowest role that may call it, or SOURCE. */
    static final Map<String, String> POLICY = new TreeMap<>(Map.ofEntries(
            Map.entry("customer-360 GET /audit/access", TestTokens.ADMIN),
            Map.entry("loyalty GET /audit/access", TestTokens.ADMIN),
            Map.entry("notifications GET /audit/access", TestTokens.ADMIN),
            Map.entry("orchestration GET /audit/access", TestTokens.ADMIN),
            Map.entry("promotions GET /audit/access", TestTokens.ADMIN),
            Map.entry("returns GET /audit/access", TestTokens.ADMIN),
            Map.entry("customer-360 GET /customers", TestTokens.ASSOCIATE),
            Map.entry("customer-360 GET /customers/{customerId}", TestTokens.ASSOCIATE),
            Map.entry("customer-360 GET /customers/{customerId}/timeline", TestTokens.ASSOCIATE),
            Map.entry("customer-360 GET /customers/{customerId}/consents", TestTokens.ASSOCIATE),
            Map.entry("customer-360 GET /customers/{customerId}/notes", TestTokens.ASSOCIATE),
            Map.entry("customer-360 POST /customers/{customerId}/notes", TestTokens.ASSOCIATE),
            Map.entry("customer-360 PUT /customers/{customerId}/tags/{tag}", TestTokens.ASSOCIATE),
            Map.entry("customer-360 DELETE /customers/{customerId}/tags/{tag}", TestTokens.ASSOCIATE),
            Map.entry("customer-360 PUT /customers/{customerId}/associate", TestTokens.MANAGER),
            Map.entry("customer-360 DELETE /customers/{customerId}/associate", TestTokens.MANAGER),
            Map.entry("customer-360 POST /traits/refresh", TestTokens.ADMIN),
            Map.entry("customer-360 GET /customers/{customerId}/predictions", TestTokens.ASSOCIATE),
            Map.entry("customer-360 GET /predictions/fits", TestTokens.MANAGER),
            Map.entry("customer-360 POST /predictions/fits", TestTokens.ADMIN),
            Map.entry("customer-360 GET /predictions/abandonment-fits", TestTokens.MANAGER),
            Map.entry("customer-360 POST /predictions/abandonment-fits", TestTokens.ADMIN),
            Map.entry("customer-360 GET /segments", TestTokens.MANAGER),
            Map.entry("customer-360 GET /segments/{segmentId}/members", TestTokens.MANAGER),
            Map.entry("customer-360 POST /privacy/requests", TestTokens.ADMIN),
            Map.entry("customer-360 GET /privacy/requests", TestTokens.ADMIN),
            Map.entry("customer-360 GET /privacy/requests/{requestId}", TestTokens.ADMIN),
            Map.entry("customer-360 GET /privacy/requests/{requestId}/export", TestTokens.ADMIN),
            Map.entry("loyalty GET /loyalty/accounts/{customerId}", TestTokens.ASSOCIATE),
            Map.entry("loyalty POST /loyalty/accounts/{customerId}/redemptions", TestTokens.ASSOCIATE),
            Map.entry("loyalty GET /loyalty/redemptions/{code}", TestTokens.ASSOCIATE),
            Map.entry("loyalty DELETE /loyalty/redemptions/{code}", TestTokens.ASSOCIATE),
            Map.entry("loyalty POST /loyalty/reviews", TestTokens.ADMIN),
            Map.entry("notifications GET /notifications", TestTokens.ASSOCIATE),
            Map.entry("notifications POST /notifications/messages", TestTokens.ASSOCIATE),
            Map.entry("notifications GET /notifications/recipients/{customerId}", TestTokens.ASSOCIATE),
            Map.entry("notifications DELETE /notifications/{notificationId}", TestTokens.MANAGER),
            Map.entry("notifications GET /notifications/preferences/{customerId}", TestTokens.ASSOCIATE),
            Map.entry("notifications PUT /notifications/preferences/{customerId}", TestTokens.ASSOCIATE),
            Map.entry("notifications GET /notifications/templates", TestTokens.ASSOCIATE),
            Map.entry("notifications POST /notifications/templates/{templateId}/preview", TestTokens.ASSOCIATE),
            Map.entry("notifications GET /preferences/{token}", SOURCE),
            Map.entry("notifications PUT /preferences/{token}", SOURCE),
            Map.entry("notifications GET /unsubscribe/{token}", SOURCE),
            Map.entry("notifications POST /unsubscribe/{token}", SOURCE),
            Map.entry("orchestration GET /journeys", TestTokens.ADMIN),
            Map.entry("orchestration GET /journeys/definitions", TestTokens.ADMIN),
            Map.entry("orchestration POST /journeys/definitions", TestTokens.ADMIN),
            Map.entry("orchestration GET /journeys/definitions/{journeyId}", TestTokens.ADMIN),
            Map.entry("orchestration PUT /journeys/definitions/{journeyId}/versions/{version}/status", TestTokens.ADMIN),
            Map.entry("orchestration GET /journeys/definitions/{journeyId}/stats", TestTokens.ADMIN),
            Map.entry("orchestration POST /journeys/dry-runs", TestTokens.ADMIN),
            Map.entry("promotions GET /promotions/customers/{customerId}/coupons", TestTokens.ASSOCIATE),
            Map.entry("promotions GET /promotions/coupons/{code}", TestTokens.ASSOCIATE),
            Map.entry("promotions GET /promotions/campaigns", TestTokens.MANAGER),
            Map.entry("promotions GET /promotions/campaigns/{campaignId}", TestTokens.MANAGER),
            Map.entry("promotions POST /promotions/campaigns", TestTokens.ADMIN),
            Map.entry("promotions POST /promotions/campaigns/{campaignId}/pause", TestTokens.ADMIN),
            Map.entry("promotions POST /promotions/campaigns/{campaignId}/resume", TestTokens.ADMIN),
            Map.entry("promotions GET /promotions/campaigns/{campaignId}/results", TestTokens.MANAGER),
            Map.entry("returns POST /returns", TestTokens.ASSOCIATE),
            Map.entry("returns GET /returns", TestTokens.ASSOCIATE),
            Map.entry("returns GET /returns/{returnCaseId}", TestTokens.ASSOCIATE),
            Map.entry("returns POST /returns/{returnCaseId}/received", TestTokens.ASSOCIATE),
            Map.entry("returns POST /returns/{returnCaseId}/label", TestTokens.ASSOCIATE),
            Map.entry("returns POST /returns/{returnCaseId}/approve", TestTokens.MANAGER),
            Map.entry("returns POST /returns/{returnCaseId}/reject", TestTokens.MANAGER),
            Map.entry("returns POST /returns/{returnCaseId}/refund", TestTokens.MANAGER),
            Map.entry("returns POST /returns/{returnCaseId}/exchange", TestTokens.MANAGER),
            Map.entry("touchpoint-ingestion POST /webhooks/shopify", SOURCE),
            Map.entry("touchpoint-ingestion POST /webhooks/sms/{account}", SOURCE),
            Map.entry("touchpoint-ingestion POST /webhooks/chat/{provider}", SOURCE),
            Map.entry("touchpoint-ingestion POST /webhooks/surveys/{provider}", SOURCE),
            Map.entry("touchpoint-ingestion POST /webhooks/line/{channel}", SOURCE),
            Map.entry("touchpoint-ingestion POST /line/link-nonces", SOURCE),
            Map.entry("touchpoint-ingestion POST /pos/stores/{storeId}/sales", SOURCE),
            Map.entry("touchpoint-ingestion POST /pos/stores/{storeId}/returns", SOURCE),
            Map.entry("touchpoint-ingestion POST /pos/stores/{storeId}/members", SOURCE),
            Map.entry("touchpoint-ingestion POST /pos/stores/{storeId}/appointments", SOURCE),
            Map.entry("touchpoint-ingestion POST /pos/stores/{storeId}/pickups", SOURCE),
            Map.entry("touchpoint-ingestion POST /v1/{type}", SOURCE),
            Map.entry("touchpoint-ingestion POST /v1/{path}", SOURCE)));

    /** Path parameters that name configured demo sources, so that a rejection is about credentials, not an unknown name. */
    static final Map<String, String> PATH_VALUES = Map.of("account", "demo", "channel", "demo", "storeId", "store-042",
            "type", "track", "path", "batch");

    record Operation(String service, int port, String method, String path, JsonNode security) {
        String key() {
            return service + " " + method + " " + path;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyEndpointAnswersOnlyTheRolesItsPolicyNames() throws Exception {
        List<Operation> operations = discover();
        assertThat(operations.stream().map(Operation::key).toList()).as("the endpoints of the OpenAPI documents")
                .containsExactlyInAnyOrderElementsOf(POLICY.keySet());
        List<String> violations = new ArrayList<>();
        for (Operation operation : operations) {
            String role = POLICY.get(operation.key());
            if (role.equals(SOURCE)) {
                expectRejected(operation, null, violations);
                expectRejected(operation, TestTokens.of(TestTokens.ADMIN), violations);
                continue;
            }
            expect(operation, null, 401, violations);
            expect(operation, "not-a-token", 401, violations);
            expect(operation, TestTokens.of(TestTokens.GUEST), 403, violations);
            for (String lower : RANKS.subList(0, RANKS.indexOf(role))) {
                expect(operation, TestTokens.of(lower), 403, violations);
            }
            for (String allowed : RANKS.subList(RANKS.indexOf(role), RANKS.size())) {
                HttpResponse<String> answer = send(operation, TestTokens.of(allowed));
                if (answer.statusCode() == 401 || answer.statusCode() == 403 || answer.statusCode() >= 500) {
                    violations.add(operation.key() + " as " + allowed + ": " + answer.statusCode() + " " + answer.body());
                }
            }
            List<String> documented = new ArrayList<>();
            operation.security().forEach(requirement -> requirement.forEach(scopes -> scopes.forEach(scope -> documented.add(scope.asText()))));
            if (!documented.contains(role)) {
                violations.add(operation.key() + ": the OpenAPI document names roles " + documented + ", not " + role);
            }
        }
        assertThat(violations).as("answers that break the access policy").isEmpty();
    }

    private void expect(Operation operation, String token, int status, List<String> violations) throws Exception {
        HttpResponse<String> answer = send(operation, token);
        String who = token == null ? "without a token" : "with " + describe(token);
        if (answer.statusCode() != status) {
            violations.add(operation.key() + " " + who + ": " + answer.statusCode() + " instead of " + status);
        } else if (!answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
            violations.add(operation.key() + " " + who + ": " + status + " without problem+json");
        } else if (status == 401 && !answer.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer")) {
            violations.add(operation.key() + " " + who + ": 401 without the Bearer challenge");
        }
    }

    private void expectRejected(Operation operation, String token, List<String> violations) throws Exception {
        HttpResponse<String> answer = send(operation, token);
        if (answer.statusCode() != 401 && answer.statusCode() != 403) {
            violations.add(operation.key() + (token == null ? " without credentials" : " with an admin's bearer token only") + ": "
                    + answer.statusCode() + " instead of 401 or 403");
        }
    }

    private static String describe(String token) {
        for (String user : List.of(TestTokens.GUEST, TestTokens.ASSOCIATE, TestTokens.MANAGER, TestTokens.ADMIN)) {
            if (token.equals(TestTokens.of(user))) {
                return user + "'s token";
            }
        }
        return "a forged token";
    }

    private HttpResponse<String> send(Operation operation, String token) throws Exception {
        String path = operation.path();
        for (Map.Entry<String, String> value : PATH_VALUES.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        path = path.replace("{provider}", path.startsWith("/webhooks/chat") ? "demo-chat" : "demo-survey")
                .replaceAll("\\{[^}]+}", "roles-test");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(HostileRequestsE2EIT.base(operation.port()) + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .method(operation.method(), operation.method().equals("GET") ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString("{}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<Operation> discover() throws Exception {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, Integer> service : SERVICES.entrySet()) {
            HttpResponse<String> openapi = http.send(HttpRequest.newBuilder(
                    URI.create(HostileRequestsE2EIT.base(service.getValue()) + "/q/openapi?format=json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(openapi.statusCode()).as(service.getKey() + " OpenAPI").isEqualTo(200);
            JsonNode document = json.readTree(openapi.body());
            for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
                Map.Entry<String, JsonNode> path = paths.next();
                for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                    Map.Entry<String, JsonNode> method = methods.next();
                    if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                        JsonNode security = method.getValue().has("security") ? method.getValue().get("security") : document.path("security");
                        operations.add(new Operation(service.getKey(), service.getValue(), method.getKey().toUpperCase(), path.getKey(), security));
                    }
                }
            }
        }
        return operations;
    }
}
