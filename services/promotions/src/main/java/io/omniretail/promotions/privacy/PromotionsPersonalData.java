package io.omniretail.promotions.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.kit.persistence.privacy.PrivacyParticipant;
import io.omniretail.promotions.coupon.Coupon;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Promotions' part of erase and export (ADR 0019). A campaign's coupons are its counts (issued, redeemed), so an
 * erased person's coupons stay, stripped of identity: the customer becomes "erased" and the order that redeemed one
 * is forgotten. A coupon never redeemed is revoked on the way, so nobody can redeem it any more.
 */
@ApplicationScoped
public class PromotionsPersonalData implements PersonalDataOwner {

    public record Export(List<Coupon> coupons) {
    }

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return Coupon.update("revokedAt = current_timestamp, revokedReason = 'customer erased' "
                + "where customerId in ?1 and redeemedAt is null and revokedAt is null", customerIds)
                .chain(() -> Coupon.update("customerId = ?1, redeemedOrderId = null, "
                        + "redeemedByCustomerId = case when redeemedByCustomerId is null then null else ?1 end "
                        + "where customerId in ?2 or redeemedByCustomerId in ?2", PrivacyParticipant.ERASED, customerIds))
                .invoke(n -> rows.put("coupon", n.longValue()))
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return Coupon.<Coupon>list("customerId in ?1 or redeemedByCustomerId in ?1 order by issuedAt", customerIds)
                .map(Export::new);
    }
}
