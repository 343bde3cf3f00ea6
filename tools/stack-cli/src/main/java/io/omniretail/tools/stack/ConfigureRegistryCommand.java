package io.omniretail.tools.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sets the registry-wide compatibility level through the Confluent-compatible API. A 5xx or a refused connection
 * is retried for up to 60 s: right after a database restart the registry answers 500 on its stale connections
 * until its pool has reconnected.
 */
@Command(name = "configure-registry", description = "Sets the global compatibility level (Confluent API: PUT /config).")
final class ConfigureRegistryCommand implements Callable<Integer> {

    @Option(names = "--url", required = true, description = "ccompat base URL, e.g. http://127.0.0.1:29081/apis/ccompat/v7")
    String url;
    @Option(names = "--compatibility", defaultValue = "BACKWARD")
    String compatibility;

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/config"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + compatibility + "\"}"))
                .build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response = null;
        while (true) {
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    break;
                }
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1_000);
        }
        if (response == null || response.statusCode() / 100 != 2) {
            System.err.println("registry answered " + (response == null ? "nothing" : response.statusCode() + ": " + response.body()));
            return 1;
        }
        System.out.println("    ok registry compatibility " + compatibility);
        return 0;
    }
}
