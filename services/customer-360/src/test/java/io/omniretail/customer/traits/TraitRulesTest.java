package io.omniretail.customer.traits;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.omniretail.customer.traits.TraitRules.Purchase;
import io.omniretail.events.customer.ChannelMix;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;

class TraitRulesTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void channelMixNamesWhereTheCustomerBuys() {
        assertThat(TraitRules.channelMix(0, 0)).isEqualTo(ChannelMix.NO_PURCHASE);
        assertThat(TraitRules.channelMix(3, 0)).isEqualTo(ChannelMix.ONLINE_ONLY);
        assertThat(TraitRules.channelMix(0, 1)).isEqualTo(ChannelMix.STORE_ONLY);
        assertThat(TraitRules.channelMix(1, 1)).isEqualTo(ChannelMix.OMNICHANNEL);
    }

    @Test
    void aVisitIsBeingInAStoreOrBrowsingTheShopNotBeingMessaged() {
        assertThat(TraitRules.isVisit(TouchpointType.PURCHASE, TouchpointChannel.STORE_POS)).isTrue();
        assertThat(TraitRules.isVisit(TouchpointType.APPOINTMENT_BOOKED, TouchpointChannel.STORE_POS)).isTrue();
        assertThat(TraitRules.isVisit(TouchpointType.PRODUCT_VIEWED, TouchpointChannel.WEB)).isTrue();
        assertThat(TraitRules.isVisit(TouchpointType.PAGE_VIEW, TouchpointChannel.APP)).isTrue();
        assertThat(TraitRules.isVisit(TouchpointType.PURCHASE, TouchpointChannel.ONLINE_SHOPIFY)).isTrue();
        assertThat(TraitRules.isVisit(TouchpointType.MESSAGE_RECEIVED, TouchpointChannel.LINE)).isFalse();
        assertThat(TraitRules.isVisit(TouchpointType.FULFILLMENT_UPDATED, TouchpointChannel.ONLINE_SHOPIFY)).isFalse();
        assertThat(TraitRules.isVisit(TouchpointType.SURVEY_RESPONSE, TouchpointChannel.EMAIL)).isFalse();
        assertThat(TraitRules.isVisit(TouchpointType.REFUND, TouchpointChannel.STORE_POS)).isFalse();
    }

    @Test
    void categoriesKeepTheLatestFirstWithoutRepeatsUpToTwenty() {
        assertThat(TraitRules.mostRecentFirst(List.of("Shoes", "Bags"), List.of("Coats", "Shoes"))).containsExactly("Coats", "Shoes", "Bags");
        List<String> many = IntStream.range(0, 30).mapToObj(i -> "c" + i).toList();
        assertThat(TraitRules.mostRecentFirst(many, List.of("new"))).hasSize(TraitRules.MAX_CATEGORIES).startsWith("new", "c0");
        assertThat(TraitRules.mostRecentFirst(List.of(), List.of())).isEmpty();
    }

    @Test
    void spendOfTwelveMonthsIsNetOfRefundsAndForgetsOlderPurchases() {
        var traits = TraitRules.purchaseTraits(List.of(
                purchase("2026-11-01T00:00:00Z", 12_000, 2_000, "JPY", null),
                purchase("2026-06-01T00:00:00Z", 8_000, 0, "JPY", "store-1"),
                purchase("2025-12-01T00:00:00Z", 5_000, 0, "JPY", "store-2"),
                purchase("2026-10-01T00:00:00Z", 100, 0, "USD", null)), "JPY", NOW);
        assertThat(traits.spend12Months()).isEqualByComparingTo("18000");
        assertThat(traits.purchases12Months()).isEqualTo(3);
        assertThat(traits.preferredStoreId()).isEqualTo("store-1");
    }

    @Test
    void theStoreWithMostPurchasesIsPreferredAndTheLatestWinsATie() {
        var traits = TraitRules.purchaseTraits(List.of(
                purchase("2026-01-01T00:00:00Z", 1, 0, "JPY", "store-a"),
                purchase("2026-02-01T00:00:00Z", 1, 0, "JPY", "store-b"),
                purchase("2026-03-01T00:00:00Z", 1, 0, "JPY", "store-a"),
                purchase("2026-04-01T00:00:00Z", 1, 0, "JPY", "store-b")), "JPY", NOW);
        assertThat(traits.preferredStoreId()).isEqualTo("store-b");
    }

    @Test
    void aCustomerWhoBoughtLongAgoSpentNothingThisYearAndOneWhoNeverBoughtHasNoSpend() {
        var lapsed = TraitRules.purchaseTraits(List.of(purchase("2024-01-01T00:00:00Z", 9_000, 0, "JPY", null)), "JPY", NOW);
        assertThat(lapsed.spend12Months()).isEqualByComparingTo("0");
        assertThat(lapsed.purchases12Months()).isZero();
        var never = TraitRules.purchaseTraits(List.of(), null, NOW);
        assertThat(never.spend12Months()).isNull();
        assertThat(never.preferredStoreId()).isNull();
    }

    @Test
    void aRefundLargerThanItsOrderNeverMakesSpendNegative() {
        var traits = TraitRules.purchaseTraits(List.of(purchase("2026-11-01T00:00:00Z", 1_000, 5_000, "JPY", null)), "JPY", NOW);
        assertThat(traits.spend12Months()).isEqualByComparingTo("0");
    }

    private static Purchase purchase(String at, long total, long refunded, String currency, String store) {
        return new Purchase(Instant.parse(at), BigDecimal.valueOf(total), BigDecimal.valueOf(refunded), currency, store);
    }
}
