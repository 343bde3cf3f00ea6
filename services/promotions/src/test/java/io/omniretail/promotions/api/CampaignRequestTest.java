package io.omniretail.promotions.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.promotions.api.CampaignResource.CampaignRequest;
import io.omniretail.promotions.api.CampaignResource.CouponTemplate;
import io.omniretail.promotions.campaign.Campaign;
import io.omniretail.promotions.campaign.CampaignChannel;
import io.omniretail.promotions.campaign.CampaignKind;

/** What a campaign request must say beyond its single fields ({@link CampaignResource#campaignOf}). */
class CampaignRequestTest {

    private static final CouponTemplate YEN_500 = new CouponTemplate("AUT", DiscountKind.FIXED_AMOUNT, new BigDecimal("500"), "JPY", 30);

    private static CampaignRequest request(CampaignKind kind, String target, CouponTemplate coupon, BigDecimal budget) {
        return new CampaignRequest("autumn-store", "Autumn store visit", kind, target, CampaignChannel.STORE,
                Instant.parse("2026-12-01T00:00:00Z"), Instant.parse("2026-12-31T00:00:00Z"), 1, 1000, budget, coupon);
    }

    private static String detailOf(CampaignRequest request) {
        try {
            CampaignResource.campaignOf(request);
        } catch (ProblemException e) {
            assertThat(e.problem().status()).isEqualTo(400);
            return e.problem().detail();
        }
        throw new AssertionError("accepted: " + request);
    }

    @Test
    void aTargetedCampaignTakesItsTermsFromTheRequest() {
        Campaign campaign = CampaignResource.campaignOf(request(CampaignKind.TARGETED,
                " profile.traits.channelMix == 'ONLINE_ONLY' ", YEN_500, new BigDecimal("500000")));
        assertThat(campaign.target).isEqualTo("profile.traits.channelMix == 'ONLINE_ONLY'");
        assertThat(campaign.channel).isEqualTo(CampaignChannel.STORE);
        assertThat(campaign.discountKind).isEqualTo("FIXED_AMOUNT");
        assertThat(campaign.maxCodes).isEqualTo(1000);
        assertThat(campaign.active).isTrue();
    }

    @Test
    void aTargetThatDoesNotCompileIsRefusedWithItsPosition() {
        assertThat(detailOf(request(CampaignKind.TARGETED, "profile.traits.channelMix ==", YEN_500, null)))
                .startsWith("target:").contains("line 1, column");
        assertThat(detailOf(request(CampaignKind.TARGETED, "'vip'", YEN_500, null)))
                .as("a target must be a bool").startsWith("target:");
    }

    @Test
    void onlyATargetedCampaignHasATarget() {
        assertThat(detailOf(request(CampaignKind.TARGETED, null, YEN_500, null))).startsWith("target:");
        assertThat(detailOf(request(CampaignKind.OFFER, "true", YEN_500, null))).startsWith("target:");
    }

    @Test
    void anAmountOffNeedsItsCurrencyAndAPercentageHasNoneAndIsAtMostAHundred() {
        assertThat(detailOf(request(CampaignKind.OFFER, null,
                new CouponTemplate("AUT", DiscountKind.FIXED_AMOUNT, BigDecimal.TEN, null, 30), null))).startsWith("coupon.currency:");
        assertThat(detailOf(request(CampaignKind.OFFER, null,
                new CouponTemplate("AUT", DiscountKind.PERCENT, BigDecimal.TEN, "JPY", 30), null))).startsWith("coupon.currency:");
        assertThat(detailOf(request(CampaignKind.OFFER, null,
                new CouponTemplate("AUT", DiscountKind.PERCENT, new BigDecimal("101"), null, 30), null))).startsWith("coupon.discountValue:");
    }

    @Test
    void aBudgetCapsAmountsOffOnly() {
        assertThat(detailOf(request(CampaignKind.OFFER, null,
                new CouponTemplate("AUT", DiscountKind.PERCENT, BigDecimal.TEN, null, 30), new BigDecimal("1000")))).startsWith("budget:");
    }

    @Test
    void aCampaignEndsAfterItStarts() {
        CampaignRequest backwards = new CampaignRequest("autumn-store", "Autumn", CampaignKind.OFFER, null, null,
                Instant.parse("2026-12-31T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), null, null, null, YEN_500);
        assertThat(detailOf(backwards)).startsWith("endsAt:");
        CampaignRequest farAway = new CampaignRequest("autumn-store", "Autumn", CampaignKind.OFFER, null, null,
                null, Instant.parse("+100000-01-01T00:00:00Z"), null, null, null, YEN_500);
        assertThat(detailOf(farAway)).as("beyond what the database holds").startsWith("endsAt:");
    }
}
