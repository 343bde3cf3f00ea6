package io.omniretail.promotions.coupon;

/** Per-customer caps: a campaign with cap n gives one customer at most n coupons, ever (redeemed or not). */
public final class CouponCaps {

    private CouponCaps() {
    }

    /**
     * Whether one more coupon may be issued to a customer who already holds {@code alreadyIssued} coupons of the
     * campaign; {@code cap} null means no cap.
     */
    public static boolean allows(Integer cap, long alreadyIssued) {
        return cap == null || alreadyIssued < cap;
    }
}
