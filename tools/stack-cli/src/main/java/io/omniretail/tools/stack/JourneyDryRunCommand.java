package io.omniretail.tools.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code make journey-dry-run}: asks orchestration for a dry run (ADR 0023) of a stored journey or a draft file over
 * the recorded events of a time range, logged in as an admin, and prints the summary (or the whole report with
 * {@code --json}). Nothing is sent and nothing stored.
 */
@Command(name = "journey-dry-run", description = "Runs a journey, stored or a draft file, over recorded events without side effects.")
final class JourneyDryRunCommand implements Callable<Integer> {

    @Option(names = "--orchestration", required = true, description = "orchestration's base URL")
    String orchestration;
    @Option(names = "--issuer", required = true)
    String issuer;
    @Option(names = "--user", defaultValue = "admin")
    String user;
    @Option(names = "--password", description = "default: the demo realm's")
    String password;
    @Option(names = "--journey", description = "a stored journey's id")
    String journey;
    @Option(names = "--version", description = "its version (default: the newest)")
    Integer version;
    @Option(names = "--file", description = "a draft definition (YAML or JSON), never stored")
    Path file;
    @Option(names = "--since", defaultValue = "P1D", description = "the range ends now and starts this long ago (ISO-8601 duration)")
    Duration since;
    @Option(names = "--from", description = "the range's start (ISO-8601 instant), instead of --since")
    Instant from;
    @Option(names = "--to", description = "the range's end (default: now)")
    Instant to;
    @Option(names = "--customers", split = ",", description = "only these customer ids")
    List<String> customers;
    @Option(names = "--json", description = "print the whole report as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if ((journey == null) == (file == null)) {
            System.err.println("name a stored journey (JOURNEY=id [VERSION=n]) or a draft file (FILE=path), not both");
            return 2;
        }
        Instant end = to == null ? Instant.now() : to;
        Map<String, Object> body = new LinkedHashMap<>();
        if (journey != null) {
            body.put("journeyId", journey);
            if (version != null) {
                body.put("version", version);
            }
        } else {
            body.put("definition", Files.readString(file));
        }
        body.put("from", (from == null ? end.minus(since) : from).toString());
        body.put("to", end.toString());
        if (customers != null) {
            body.put("customerIds", customers);
        }
        ObjectMapper mapper = new ObjectMapper();
        String token;
        try {
            token = TokenCommand.login(issuer, "omniretail-console", user, password);
        } catch (IllegalStateException e) {
            System.err.println(e.getMessage());
            return 1;
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(orchestration + "/journeys/dry-runs")).timeout(Duration.ofMinutes(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body))).build();
        System.err.println("dry run of " + (journey != null ? journey + (version != null ? "@" + version : "") : file)
                + " over " + body.get("from") + " .. " + body.get("to") + " (nothing is sent)");
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        JsonNode report = mapper.readTree(response.body());
        if (response.statusCode() != 200) {
            System.err.println("HTTP " + response.statusCode() + ": " + report.path("detail").asText(response.body()));
            report.path("errors").forEach(error -> System.err.println("  " + error));
            return 1;
        }
        if (json) {
            System.out.println(mapper.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
            return 0;
        }
        System.out.printf("%s@%d  events read %s, customers %d%n", report.path("journeyId").asText(), report.path("version").asInt(),
                report.path("eventsRead"), report.path("customers").asLong());
        System.out.printf("entered %d, still waiting %d, completed %d, exited %d, control %d, converted %d%n",
                report.path("entered").asLong(), report.path("active").asLong(), report.path("completed").asLong(),
                report.path("exited").asLong(), report.path("control").asLong(), report.path("converted").asLong());
        report.path("steps").properties().forEach(step -> System.out.printf("  %-24s %s%s%n", step.getKey(), step.getValue(),
                report.path("actions").has(step.getKey()) ? "  -> " + report.path("actions").path(step.getKey()).asLong() + " action(s)" : ""));
        report.path("samples").forEach(sample -> System.out.printf("  sample %s %s %s %s%n", sample.path("stepId").asText(),
                sample.path("customerId").asText(), sample.path("topic").asText(), sample.path("record")));
        System.out.println("who entered: " + report.path("who").path("entered") + ", exited: " + report.path("who").path("exited")
                + ", converted: " + report.path("who").path("converted"));
        return 0;
    }
}
