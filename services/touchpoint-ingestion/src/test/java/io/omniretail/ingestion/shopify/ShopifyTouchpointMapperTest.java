package io.omniretail.ingestion.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;

class ShopifyTouchpointMapperTest {

    private final ObjectMapper json = new ObjectMapper().findAndRegisterModules();

    @Test
    void ordersCreateBecomesOnePurchaseTouchpointWithTheBuyersIdentifiers() throws Exception {
        Touchpoint tp = ShopifyTouchpointMapper.purchase(ShopifySamples.SHOP,
                json.readValue(ShopifySamples.read("orders-create.json"), ShopifyPayloads.Order.class), Instant.now());

        assertThat(tp.getType()).isEqualTo(TouchpointType.PURCHASE);
        assertThat(tp.getChannel()).isEqualTo(TouchpointChannel.ONLINE_SHOPIFY);
        assertThat(tp.getMetadata().getSource()).isEqualTo("shopify:demo-shop.myshopify.com");
        assertThat(tp.getMetadata().getCorrelationId()).isEqualTo(tp.getMetadata().getEventId());
        assertThat(tp.getIdentity().getEmail()).isEqualTo("hana.yamada@example.jp");
        assertThat(tp.getIdentity().getRawPhone()).isEqualTo("090-1234-5678");
        assertThat(tp.getIdentity().getShopifyCustomerId()).isEqualTo("7598311063626");
        assertThat(tp.getIdentity().getLocale()).isEqualTo("ja");
        assertThat(tp.getIdentity().getCountryCode()).isEqualTo("JP");
        assertThat(tp.getPurchase().getOrderId()).isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(tp.getPurchase().getOrderNumber()).isEqualTo("#1001");
        assertThat(tp.getPurchase().getTotal().getAmount()).isEqualByComparingTo(new BigDecimal("12340"));
        assertThat(tp.getPurchase().getTotal().getCurrency()).isEqualTo("JPY");
        assertThat(tp.getPurchase().getLines()).extracting(l -> l.getSku() + " x" + l.getQuantity())
                .containsExactly("TEE-ORG-WHT-M x2", "MUG-HASAMI-BLU x1");
        assertThat(tp.getMarketingConsent().getGranted()).isFalse();
        assertThat(ShopifyTouchpointMapper.partitionKey(tp)).isEqualTo("shopify-customer:7598311063626");
    }

    @Test
    void theSameOrderAlwaysMapsToTheSameEventId() throws Exception {
        ShopifyPayloads.Order order = json.readValue(ShopifySamples.read("orders-create.json"), ShopifyPayloads.Order.class);
        assertThat(ShopifyTouchpointMapper.purchase(ShopifySamples.SHOP, order, Instant.now()).getMetadata().getEventId())
                .isEqualTo(ShopifyTouchpointMapper.purchase(ShopifySamples.SHOP, order, Instant.now().plusSeconds(60)).getMetadata().getEventId());
    }

    @Test
    void refundsCreateBecomesARefundOfTheOrderForTheRefundedAmount() throws Exception {
        Touchpoint tp = ShopifyTouchpointMapper.refund(ShopifySamples.SHOP,
                json.readValue(ShopifySamples.read("refunds-create.json"), ShopifyPayloads.Refund.class), "JPY", Instant.now());

        assertThat(tp.getType()).isEqualTo(TouchpointType.REFUND);
        assertThat(tp.getRefund().getOrderId()).isEqualTo(ShopifySamples.SAMPLE_ORDER_ID);
        assertThat(tp.getRefund().getAmount().getAmount()).isEqualByComparingTo(new BigDecimal("4400"));
        assertThat(tp.getRefund().getLines()).singleElement()
                .satisfies(line -> assertThat(line.getSku()).isEqualTo("MUG-HASAMI-BLU"));
        assertThat(ShopifyTouchpointMapper.partitionKey(tp)).isEqualTo("shopify-order:" + ShopifySamples.SAMPLE_ORDER_ID);
    }
}
