package io.omniretail.promotions.campaign;

import io.omniretail.events.touchpoint.TouchpointChannel;

/** Where a campaign's coupons redeem; stored by name. STORE and ONLINE make cross-promotions (online shoppers into stores). */
public enum CampaignChannel {
    ANY, ONLINE, STORE;

    /** Where a purchase happened, as a coupon sees it: STORE for a till, ONLINE for everything else. */
    public static CampaignChannel of(TouchpointChannel channel) {
        return channel == TouchpointChannel.STORE_POS ? STORE : ONLINE;
    }

    public boolean allows(CampaignChannel where) {
        return this == ANY || this == where;
    }
}
