package io.omniretail.ingestion.edge;

/** An authenticated body that cannot become a touchpoint; the message is the reason kept with it in quarantine. */
public class UnmappablePayload extends Exception {

    public UnmappablePayload(String reason) {
        super(reason, null, false, false);
    }
}
