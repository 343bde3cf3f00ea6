package io.omniretail.tools.stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Sets the registry-wide compatibility level through the Confluent-compatible API. */
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
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            System.err.println("registry answered " + response.statusCode() + ": " + response.body());
            return 1;
        }
        System.out.println("    ok registry compatibility " + compatibility);
        return 0;
    }
}
