package io.omniretail.ingestion.shopify;

/** A signed webhook body that cannot become a touchpoint; the message is the reason kept with it in quarantine. */
class UnmappablePayload extends Exception {

    UnmappablePayload(String reason) {
        super(reason, null, false, false);
    }
}
