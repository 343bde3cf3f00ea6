package io.omniretail.loyalty.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.loyalty.ledger.LedgerEntry;
import io.omniretail.loyalty.ledger.LoyaltyAccount;
import io.omniretail.loyalty.membership.Membership;
import io.omniretail.loyalty.membership.MembershipPurchase;
import io.omniretail.loyalty.redemption.PointsRedemption;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Loyalty's part of erase and export (ADR 0019): the person's accounts (and those merged into them), their
 * ledger, their redemption codes and their paid memberships. */
@ApplicationScoped
public class LoyaltyPersonalData implements PersonalDataOwner {

    public record Export(List<LoyaltyAccount> accounts, List<LedgerEntry> ledger, List<PointsRedemption> redemptions,
            List<Membership> memberships, List<MembershipPurchase> membershipPurchases) {
    }

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return PointsRedemption.delete("customerId in ?1", customerIds).invoke(n -> rows.put("points_redemption", n))
                .chain(() -> Membership.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("membership", n))
                .chain(() -> MembershipPurchase.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("membership_purchase", n))
                .chain(() -> LedgerEntry.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("points_ledger", n))
                .chain(() -> LoyaltyAccount.delete("customerId in ?1 or mergedInto in ?1", customerIds))
                .invoke(n -> rows.put("loyalty_account", n))
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return LoyaltyAccount.<LoyaltyAccount>list("customerId in ?1 or mergedInto in ?1", customerIds)
                .chain(accounts -> LedgerEntry.<LedgerEntry>list("customerId in ?1 order by occurredAt", customerIds)
                        .chain(ledger -> PointsRedemption.<PointsRedemption>list("customerId in ?1 order by createdAt", customerIds)
                                .chain(redemptions -> Membership.<Membership>list("customerId in ?1", customerIds)
                                        .chain(memberships -> MembershipPurchase.<MembershipPurchase>list("customerId in ?1 order by paidAt", customerIds)
                                                .map(bought -> new Export(accounts, ledger, redemptions, memberships, bought))))));
    }
}
