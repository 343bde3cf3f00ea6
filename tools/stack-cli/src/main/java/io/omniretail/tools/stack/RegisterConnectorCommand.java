package io.omniretail.tools.stack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Registers (or updates) a connector from a {"name": ..., "config": {...}} file with PUT /connectors/NAME/config,
 * which is idempotent, then waits until the connector and its tasks run.
 */
@Command(name = "register-connector", description = "Creates or updates a Kafka Connect connector and waits for RUNNING.")
final class RegisterConnectorCommand implements Callable<Integer> {

    @Option(names = "--connect-url", required = true)
    String connectUrl;
    @Option(names = "--timeout-seconds", defaultValue = "60")
    int timeoutSeconds;
    @Parameters(index = "0", description = "connector JSON file")
    Path file;

    @Override
    public Integer call() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode definition = json.readTree(file.toFile());
        String name = definition.path("name").asText();
        String path = connectUrl + "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(path + "/config"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(definition.path("config"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) {
            System.err.println("Connect refused " + name + " (" + put.statusCode() + "): " + put.body());
            return 1;
        }
        Instant deadline = Instant.now().plusSeconds(timeoutSeconds);
        String last = "";
        while (Instant.now().isBefore(deadline)) {
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(URI.create(path + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (status.statusCode() == 200) {
                JsonNode body = json.readTree(status.body());
                last = status.body();
                boolean tasksRunning = body.path("tasks").size() > 0;
                for (JsonNode task : body.path("tasks")) {
                    if ("FAILED".equals(task.path("state").asText())) {
                        System.err.println("connector " + name + " task failed: " + task.path("trace").asText());
                        return 1;
                    }
                    tasksRunning &= "RUNNING".equals(task.path("state").asText());
                }
                if ("RUNNING".equals(body.path("connector").path("state").asText()) && tasksRunning) {
                    System.out.println("    ok connector " + name + " RUNNING");
                    return 0;
                }
            }
            Thread.sleep(500);
        }
        System.err.println("connector " + name + " not running after " + timeoutSeconds + "s: " + last);
        return 1;
    }
}
