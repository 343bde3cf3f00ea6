package io.omniretail.loyalty.api;

import java.math.BigDecimal;
import java.time.Instant;

import io.omniretail.loyalty.redemption.PointsRedemption;

/** A redemption code as the till and associates see it. */
public record RedemptionView(String redemptionId, String customerId, String code, long points, BigDecimal discount,
        String currency, String status, String orderId, Instant holdExpiresAt, Instant createdAt) {

    static RedemptionView of(PointsRedemption r) {
        return new RedemptionView(r.redemptionId, r.customerId, r.code, r.points, r.discount, r.currency, r.status.name(),
                r.orderId, r.holdExpiresAt, r.createdAt);
    }
}
