package io.omniretail.ingestion.shopify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.ingestion.publish.Amounts;
import io.omniretail.kit.EventMetadataFactory;

/**
 * products/create and products/update: one ProductUpdated per variant with a SKU (journeys match subscriptions by SKU;
 * a variant without one cannot be subscribed to), priced in the shop's currency, with its stock when Shopify tracks
 * it. An event's id derives from the shop, the variant and the variant's updated_at, so a redelivery of the same
 * change is the same event. Pure.
 */
final class ShopifyCatalogMapper {

    static final Set<String> TOPICS = Set.of("products/create", "products/update");

    private ShopifyCatalogMapper() {
    }

    static List<ProductUpdated> products(ShopifyDelivery delivery, ShopifyPayloads.Product product) {
        String currency = delivery.shop().currency();
        return Optional.ofNullable(product.variants()).orElse(List.of()).stream()
                .filter(variant -> variant.sku() != null && !variant.sku().isBlank())
                .map(variant -> {
                    Instant updatedAt = delivery.sourceUpdatedAt(variant.updatedAt() != null ? variant.updatedAt() : product.updatedAt());
                    String id = ShopifyMapping.id(delivery, "variant", variant.id().toString(), updatedAt.toString(),
                            variant.price().toPlainString(), String.valueOf(variant.inventoryQuantity()));
                    String title = Optional.ofNullable(product.title()).orElse("");
                    if (variant.title() != null && !variant.title().isBlank() && !"Default Title".equals(variant.title())) {
                        title = title.isEmpty() ? variant.title() : title + " - " + variant.title();
                    }
                    return ProductUpdated.newBuilder()
                            .setMetadata(EventMetadataFactory.origin(id, updatedAt, ShopifyMapping.SOURCE + ":" + delivery.shop().domain()))
                            .setSku(variant.sku().strip())
                            .setProductId(product.id().toString())
                            .setVariantId(variant.id().toString())
                            .setTitle(title)
                            .setPrice(Amounts.money(currency, variant.price()))
                            .setCompareAtPrice(variant.compareAtPrice() == null ? null : Amounts.money(currency, variant.compareAtPrice()))
                            .setAvailable(variant.inventoryManagement() == null ? null : variant.inventoryQuantity())
                            .setUrl(product.handle() == null || product.handle().isBlank() ? null
                                    : "https://" + delivery.shop().domain() + "/products/" + product.handle())
                            .setSourceSystem(ShopifyMapping.SOURCE)
                            .setUpdatedAt(updatedAt)
                            .build();
                })
                .toList();
    }
}
