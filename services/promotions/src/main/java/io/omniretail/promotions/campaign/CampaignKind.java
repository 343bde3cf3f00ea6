package io.omniretail.promotions.campaign;

/** WELCOME: issued automatically on a customer's first purchase. OFFER: issued on an offer command of a journey. */
public enum CampaignKind {
    WELCOME, OFFER
}
