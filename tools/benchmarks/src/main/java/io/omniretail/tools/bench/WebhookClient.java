package io.omniretail.tools.bench;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Posts requests (signed Shopify webhooks, analytics calls) over a fixed pool of keep-alive HTTP/1.1 connections (one event loop: the load
 * generator shares the machine with what it measures). Requests beyond the pool wait in the client's queue, so an
 * open-loop sender that measures from its intended send time sees that wait as latency.
 */
final class WebhookClient implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;

    /** One request: path, headers and body. */
    record Request(String path, Map<String, String> headers, byte[] body) {
    }

    /** {@code url}: where to connect (its scheme, host and port; each request names its path). */
    WebhookClient(String url, int connections) {
        URI uri = URI.create(url);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                .setKeepAlive(true).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** The HTTP status, or -1 when the request failed without an answer. */
    CompletableFuture<Integer> post(Request call) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setURI(call.path()).putHeader("Content-Type", "application/json");
        call.headers().forEach(options::putHeader);
        client.request(options)
                .compose(request -> request.send(Buffer.buffer(call.body())))
                .compose(response -> response.body().map(ignored -> response.statusCode()))
                .onComplete(result -> status.complete(result.succeeded() ? result.result() : -1));
        return status;
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
