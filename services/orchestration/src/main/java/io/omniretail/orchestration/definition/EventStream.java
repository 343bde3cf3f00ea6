package io.omniretail.orchestration.definition;

import org.apache.avro.specific.SpecificRecordBase;

import io.omniretail.events.catalog.ProductUpdated;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.SegmentMembershipChanged;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.returns.ReturnCaseEvent;

/** The streams a journey reads, by the name a definition uses ("on: loyalty"), each one topic (see schemas/topics.yaml) of one record type. */
public enum EventStream {
    CUSTOMER("customer", CustomerEvent.class),
    LOYALTY("loyalty", LoyaltyEvent.class),
    PROMOTION("promotion", PromotionEvent.class),
    RETURN("return", ReturnCaseEvent.class),
    SEGMENT("segment", SegmentMembershipChanged.class),
    /** A variant's price and stock: no customer's event, delivered to the running instances whose object is its SKU. */
    PRODUCT("product", ProductUpdated.class);

    private final String label;
    private final Class<? extends SpecificRecordBase> type;

    EventStream(String label, Class<? extends SpecificRecordBase> type) {
        this.label = label;
        this.type = type;
    }

    public String label() {
        return label;
    }

    public Class<? extends SpecificRecordBase> type() {
        return type;
    }

    public static EventStream of(String label) {
        for (EventStream stream : values()) {
            if (stream.label.equals(label)) {
                return stream;
            }
        }
        throw new IllegalArgumentException("unknown stream " + label);
    }
}
