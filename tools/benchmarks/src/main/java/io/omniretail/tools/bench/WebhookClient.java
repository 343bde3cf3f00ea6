package io.omniretail.tools.bench;

import java.net.URI;
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
 * Posts signed Shopify webhooks over a fixed pool of keep-alive HTTP/1.1 connections (one event loop: the load
 * generator shares the machine with what it measures). Requests beyond the pool wait in the client's queue, so an
 * open-loop sender that measures from its intended send time sees that wait as latency.
 */
final class WebhookClient implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient client;
    private final String path;

    WebhookClient(String url, int connections) {
        URI uri = URI.create(url);
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1).setInternalBlockingPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort())
                .setKeepAlive(true).setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
        this.path = uri.getPath();
    }

    /** The HTTP status, or -1 when the request failed without an answer. */
    CompletableFuture<Integer> post(ShopifyOrders.Signed order) {
        CompletableFuture<Integer> status = new CompletableFuture<>();
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setURI(path)
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Shopify-Topic", "orders/create")
                .putHeader("X-Shopify-Shop-Domain", ShopifyOrders.SHOP)
                .putHeader("X-Shopify-Hmac-Sha256", order.signature())
                .putHeader("X-Shopify-Webhook-Id", ShopifyOrders.webhookId()))
                .compose(request -> request.send(Buffer.buffer(order.body())))
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
