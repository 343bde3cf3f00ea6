package io.omniretail.promotions.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.TouchpointChannel;

class CampaignTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    private static Campaign campaign() {
        Campaign campaign = new Campaign();
        campaign.id = "autumn";
        campaign.active = true;
        campaign.discountKind = "FIXED_AMOUNT";
        campaign.discountValue = new BigDecimal("500");
        return campaign;
    }

    @Test
    void aCampaignRunsWhileActiveFromItsStartUntilJustBeforeItsEnd() {
        Campaign campaign = campaign();
        campaign.startsAt = T0;
        campaign.endsAt = T0.plusSeconds(3600);
        assertThat(campaign.runs(T0.minusMillis(1))).isFalse();
        assertThat(campaign.runs(T0)).isTrue();
        assertThat(campaign.runs(T0.plusSeconds(3599))).isTrue();
        assertThat(campaign.runs(T0.plusSeconds(3600))).isFalse();
        campaign.active = false;
        assertThat(campaign.runs(T0.plusSeconds(10))).as("paused").isFalse();
    }

    @Test
    void withoutAWindowAnActiveCampaignAlwaysRuns() {
        assertThat(campaign().runs(T0)).isTrue();
    }

    @Test
    void codesLeftAreTheFewerOfWhatTheCountAndTheBudgetAllow() {
        Campaign campaign = campaign();
        assertThat(campaign.codesLeft()).as("no limit").isNull();
        campaign.maxCodes = 10;
        campaign.codesIssued = 4;
        assertThat(campaign.codesLeft()).isEqualTo(6);
        campaign.budget = new BigDecimal("3000"); // six codes of 500 in all, four out
        assertThat(campaign.codesLeft()).isEqualTo(2);
        campaign.codesIssued = 7;
        assertThat(campaign.codesLeft()).as("never below 0").isZero();
    }

    @Test
    void aStoreCouponRedeemsOnlyAtATillAndAnOnlineOneOnlyOutsideStores() {
        assertThat(CampaignChannel.STORE.allows(CampaignChannel.of(TouchpointChannel.STORE_POS))).isTrue();
        assertThat(CampaignChannel.STORE.allows(CampaignChannel.of(TouchpointChannel.ONLINE_SHOPIFY))).isFalse();
        assertThat(CampaignChannel.ONLINE.allows(CampaignChannel.of(TouchpointChannel.ONLINE_SHOPIFY))).isTrue();
        assertThat(CampaignChannel.ONLINE.allows(CampaignChannel.of(TouchpointChannel.STORE_POS))).isFalse();
        assertThat(CampaignChannel.ANY.allows(CampaignChannel.STORE)).isTrue();
        assertThat(CampaignChannel.ANY.allows(CampaignChannel.ONLINE)).isTrue();
    }
}
