package io.omniretail.promotions.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CouponCapsTest {

    @Test
    void aCapOfOneAllowsTheFirstCouponOnly() {
        assertThat(CouponCaps.allows(1, 0)).isTrue();
        assertThat(CouponCaps.allows(1, 1)).isFalse();
        assertThat(CouponCaps.allows(1, 2)).as("after a merge a survivor may hold more than the cap").isFalse();
    }

    @Test
    void aLargerCapCountsEveryCouponIssued() {
        assertThat(CouponCaps.allows(3, 2)).isTrue();
        assertThat(CouponCaps.allows(3, 3)).isFalse();
    }

    @Test
    void noCapMeansNoLimit() {
        assertThat(CouponCaps.allows(null, 1_000)).isTrue();
    }
}
