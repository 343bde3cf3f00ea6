package io.omniretail.tools.stack;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints an access token of a user of the OIDC provider (the local stack's demo realm by default), obtained with the
 * password grant through the console's public client, for calling the services' REST APIs from a shell:
 * {@code curl -H "Authorization: Bearer $(make -s token AS=associate)" ...} (ADR 0017).
 */
@Command(name = "token", description = "Prints an access token for a user (password grant through the console client).")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--issuer", required = true, description = "the realm's issuer URL, e.g. http://127.0.0.1:29180/realms/omniretail")
    String issuer;
    @Option(names = "--client-id", defaultValue = "omniretail-console")
    String clientId;
    @Option(names = "--user", required = true)
    String user;
    @Option(names = "--password", description = "default: the demo realm's, the user name + \"-demo\"")
    String password;

    @Override
    public Integer call() throws Exception {
        try {
            System.out.println(login(issuer, clientId, user, password));
            return 0;
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
    }

    /** The user's access token; IllegalStateException saying why when the login fails. */
    static String login(String issuer, String clientId, String user, String password) throws IOException, InterruptedException {
        String form = "grant_type=password&scope=openid&client_id=" + encode(clientId) + "&username=" + encode(user)
                + "&password=" + encode(password == null ? user + "-demo" : password);
        HttpRequest request = HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode answer = new ObjectMapper().readTree(response.body());
        if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
            throw new IllegalStateException("login of " + user + " at " + issuer + " failed: HTTP " + response.statusCode() + " "
                    + answer.path("error_description").asText(response.body()));
        }
        return answer.get("access_token").asText();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
