package io.omniretail.promotions.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerProfile;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Batches;
import io.omniretail.promotions.coupon.CouponService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Issues the coupons of TARGETED campaigns: one per customer whose profile the target accepts while the campaign runs,
 * within the per-customer cap, the code count and the budget (see {@link CouponService#issue}). Two paths, one rule:
 * every profile published while a campaign runs (a customer who enters the target later gets theirs then), and the
 * launch, which visits every customer's latest profile once when the campaign starts. Both issue "for" the customer
 * ({@code target:<customerId>}), so the (campaign, issued for) constraint makes the second path a no-op for anyone the
 * first served. Coupons are issued holding the customer's lock, like every other issue.
 */
@ApplicationScoped
public class CampaignTargeting {

    /** How long the list of running targeted campaigns is reused: a pause or a new campaign applies within this. */
    static final Duration RUNNING_TTL = Duration.ofSeconds(5);
    static final int CHUNK = 100;

    @Inject
    Targets targets;
    @Inject
    CouponService coupons;
    @Inject
    AdvisoryLocks locks;

    private volatile List<Campaign> running = List.of();
    private volatile Instant runningUntil = Instant.MIN;

    /** A profile was published: the running targeted campaigns that accept it issue its customer a coupon. */
    public Uni<Void> profile(CustomerProfile profile, Instant now) {
        return running(now).chain(campaigns -> Multi.createFrom().iterable(campaigns)
                .filter(campaign -> campaign.runs(now) && targets.targets(campaign, profile, now))
                .onItem().transformToUniAndConcatenate(campaign -> coupons.issue(campaign, profile.getCustomerId(),
                        issuedFor(profile.getCustomerId()), profile.getMetadata(), now))
                .collect().last().replaceWithVoid());
    }

    /**
     * The launch's issues for customers the scan found, in transactions of {@link #CHUNK}, each holding those customers'
     * locks; the campaign is re-read in each, so a pause stops the launch. How many coupons were issued.
     */
    public Uni<Integer> issue(String campaignId, List<String> customerIds, Instant now) {
        return Batches.countInTransactions(customerIds, CHUNK, chunk -> locks
                        .lockForTransaction(CouponService.CUSTOMER_LOCKS, chunk)
                        .chain(() -> Campaign.<Campaign>findById(campaignId))
                        .chain(campaign -> Multi.createFrom().iterable(chunk)
                                .onItem().transformToUniAndConcatenate(customerId -> coupons.issue(campaign, customerId,
                                        issuedFor(customerId), launchCause(campaign, customerId, now), now))
                                .filter(java.util.Objects::nonNull)
                                .collect().asList().map(List::size)));
    }

    /** Forgets the cached list, so a campaign just created or paused applies at once in this instance. */
    public void changed() {
        runningUntil = Instant.MIN;
    }

    private Uni<List<Campaign>> running(Instant now) {
        if (now.isBefore(runningUntil)) {
            return Uni.createFrom().item(running);
        }
        return Campaign.<Campaign>list("kind = ?1 and active = true", CampaignKind.TARGETED).invoke(found -> {
            running = List.copyOf(found);
            runningUntil = now.plus(RUNNING_TTL);
        });
    }

    static String issuedFor(String customerId) {
        return "target:" + customerId;
    }

    /** Each customer's launch issue has its own cause, so the coupon events' derived ids differ per customer. */
    private static EventMetadata launchCause(Campaign campaign, String customerId, Instant now) {
        return EventMetadataFactory.origin(EventMetadataFactory.derivedId("campaign-launch", campaign.id, customerId), now,
                CouponService.SOURCE);
    }
}
