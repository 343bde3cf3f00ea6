package io.omniretail.testing;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Real bearer tokens for the tests, from the stack's Keycloak (ADR 0017): the demo realm's users, logged in through the
 * console client with the password grant, exactly as a script would. One user per role (associate, manager, admin)
 * and "guest", who has none of the platform's roles. Tokens are reused until a minute before they expire.
 */
public final class TestTokens {

    public static final String ASSOCIATE = "associate";
    public static final String MANAGER = "manager";
    public static final String ADMIN = "admin";
    /** Logged in, but with none of the platform's roles: every role-checked endpoint answers 403. */
    public static final String GUEST = "guest";

    private static final String CLIENT_ID = "omniretail-console";
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern EXPIRES_IN = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Map<String, Token> CACHE = new ConcurrentHashMap<>();

    private record Token(String value, Instant renewAfter) {
    }

    private TestTokens() {
    }

    /** An access token of a demo user (password: the user name + "-demo", as the realm file and make run say). */
    public static String of(String user) {
        Token token = CACHE.get(user);
        if (token == null || Instant.now().isAfter(token.renewAfter())) {
            token = login(user, user + "-demo");
            CACHE.put(user, token);
        }
        return token.value();
    }

    /** A REST Assured request that carries a demo user's token. */
    public static RequestSpecification as(String user) {
        return RestAssured.given().auth().oauth2(of(user));
    }

    private static Token login(String user, String password) {
        String form = "grant_type=password&client_id=" + CLIENT_ID + "&username=" + encode(user) + "&password=" + encode(password)
                + "&scope=openid";
        HttpRequest request = HttpRequest.newBuilder(URI.create(TestStack.oidcIssuer() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            Matcher token = ACCESS_TOKEN.matcher(response.body());
            Matcher expiresIn = EXPIRES_IN.matcher(response.body());
            if (response.statusCode() != 200 || !token.find() || !expiresIn.find()) {
                throw new IllegalStateException("login of " + user + " at " + TestStack.oidcIssuer() + " failed: HTTP "
                        + response.statusCode() + " " + response.body());
            }
            long seconds = Long.parseLong(expiresIn.group(1));
            return new Token(token.group(1), Instant.now().plusSeconds(Math.max(0, seconds - 60)));
        } catch (IOException e) {
            throw new IllegalStateException("the stack's Keycloak does not answer at " + TestStack.oidcIssuer() + " (make up starts it)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
