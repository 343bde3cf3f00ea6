package io.omniretail.ingestion.publish;

import java.util.List;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

import io.omniretail.events.catalog.ProductUpdated;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Writes the shop's product changes to retail.catalog.products.v1, keyed by SKU (so one variant's changes stay in
 * order). The returned Uni completes only when Kafka acknowledged every one (acks=all).
 */
@ApplicationScoped
public class CatalogPublisher {

    @Inject
    @Channel("catalog-products")
    MutinyEmitter<ProductUpdated> products;

    public Uni<Void> publish(List<ProductUpdated> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(updates.stream().map(update -> products.sendMessage(Message.of(update)
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(update.getSku()).build()))).toList())
                .andFailFast().replaceWithVoid();
    }
}
