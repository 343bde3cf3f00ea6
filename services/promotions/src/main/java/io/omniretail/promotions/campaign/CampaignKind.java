package io.omniretail.promotions.campaign;

/**
 * WELCOME: issued automatically on a customer's first purchase. OFFER: issued on an offer command of a journey.
 * TARGETED: issued to every customer whose profile the campaign's CEL target accepts while it runs.
 */
public enum CampaignKind {
    WELCOME, OFFER, TARGETED
}
