package io.omniretail.orchestration.journey;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The built-in journeys of this version. (Further built-ins from ARCHITECTURE: welcome, cart abandonment,
 * BOPIS, birthday, win-back... are added as definitions here.)
 */
@ApplicationScoped
public class Journeys {

    public static final String POINTS_EARNED = "POINTS_EARNED";
    public static final String COUPON_ISSUED = "COUPON_ISSUED";
    public static final String POINTS_REVERSED = "POINTS_REVERSED";

    @ConfigProperty(name = "omniretail.journeys.post-purchase.wait")
    Duration postPurchaseWait;
    @ConfigProperty(name = "omniretail.journeys.return-refunded.wait")
    Duration returnRefundedWait;

    public JourneyDefinition byId(String journeyId) {
        return switch (journeyId) {
            case "post-purchase" -> postPurchase(false);
            case "return-refunded" -> returnRefunded();
            default -> throw new IllegalArgumentException("unknown journey " + journeyId);
        };
    }

    /** After a purchase: wait for the points (and the welcome coupon of a first purchase), then thank. */
    public JourneyDefinition postPurchase(boolean firstPurchase) {
        List<String> waits = new ArrayList<>(List.of(POINTS_EARNED));
        if (firstPurchase) {
            waits.add(COUPON_ISSUED);
        }
        return new JourneyDefinition("post-purchase", 1, "PURCHASE", waits, postPurchaseWait,
                "post-purchase-thank-you", "TRANSACTIONAL");
    }

    /** After a refunded return: wait for the points reversal, then confirm. */
    public JourneyDefinition returnRefunded() {
        return new JourneyDefinition("return-refunded", 1, "RETURN_REFUNDED", List.of(POINTS_REVERSED), returnRefundedWait,
                "return-refunded", "TRANSACTIONAL");
    }
}
