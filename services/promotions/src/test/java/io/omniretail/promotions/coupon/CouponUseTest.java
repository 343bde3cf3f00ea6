package io.omniretail.promotions.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import io.omniretail.promotions.campaign.CampaignChannel;
import io.omniretail.promotions.coupon.CouponRefusal.Reason;

/** Which orders may redeem a coupon ({@link Coupon#refusal}). */
class CouponUseTest {

    private static final Instant ISSUED = Instant.parse("2026-12-01T00:00:00Z");

    private static Coupon coupon(CampaignChannel channel) {
        Coupon coupon = new Coupon();
        coupon.code = "STV-AAAAA-BBBBB";
        coupon.validFrom = ISSUED;
        coupon.validUntil = ISSUED.plus(Duration.ofDays(30));
        coupon.channel = channel;
        return coupon;
    }

    @Test
    void anOrderInsideTheValidityOnAnAllowedChannelRedeems() {
        assertThat(coupon(CampaignChannel.ANY).refusal("o1", ISSUED.plusSeconds(60), CampaignChannel.ONLINE)).isEmpty();
        assertThat(coupon(CampaignChannel.STORE).refusal("o1", ISSUED.plusSeconds(60), CampaignChannel.STORE)).isEmpty();
    }

    @Test
    void anOrderPlacedAtOrAfterTheEndOfValidityIsRefusedAsExpired() {
        assertThat(coupon(CampaignChannel.ANY).refusal("o1", ISSUED.plus(Duration.ofDays(30)), CampaignChannel.ONLINE)).contains(Reason.EXPIRED);
    }

    @Test
    void anOrderBeforeTheCouponWasIssuedIsRefused() {
        assertThat(coupon(CampaignChannel.ANY).refusal("o1", ISSUED.minusSeconds(1), CampaignChannel.ONLINE)).contains(Reason.NOT_YET_VALID);
    }

    @Test
    void aStoreCouponUsedOnlineIsRefusedForItsChannel() {
        assertThat(coupon(CampaignChannel.STORE).refusal("o1", ISSUED.plusSeconds(60), CampaignChannel.ONLINE)).contains(Reason.WRONG_CHANNEL);
    }

    @Test
    void aRevokedCouponIsRefusedWhateverElseHolds() {
        Coupon coupon = coupon(CampaignChannel.ANY);
        coupon.revokedAt = ISSUED.plusSeconds(5);
        assertThat(coupon.refusal("o1", ISSUED.plusSeconds(60), CampaignChannel.ONLINE)).contains(Reason.REVOKED);
    }

    @Test
    void aCouponRedeemedOnAnotherOrderIsRefusedButTheSameOrderAgainIsNot() {
        Coupon coupon = coupon(CampaignChannel.ANY);
        coupon.redeemedAt = ISSUED.plusSeconds(30);
        coupon.redeemedOrderId = "o1";
        assertThat(coupon.refusal("o2", ISSUED.plusSeconds(60), CampaignChannel.ONLINE)).contains(Reason.ALREADY_REDEEMED);
        assertThat(coupon.refusal("o1", ISSUED.plusSeconds(60), CampaignChannel.ONLINE)).isEmpty();
    }
}
