package io.omniretail.promotions.campaign;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.omniretail.promotions.messaging.ProfileScan;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Launches targeted campaigns whose start has come: visits every customer's latest profile once ({@link ProfileScan})
 * and issues a coupon to each the target accepts ({@link CampaignTargeting#issue}). An instance claims a launch for
 * {@link #LEASE} with a conditional update, so two instances do not scan together; a launch that died with its instance
 * is claimed again after the lease, and its issues so far are no-ops the second time. Checks every
 * {@code omniretail.promotions.launch-every}.
 */
@ApplicationScoped
public class CampaignLauncher {

    static final Duration LEASE = Duration.ofMinutes(10);
    private static final Logger LOG = Logger.getLogger(CampaignLauncher.class);

    @Inject
    ProfileScan profiles;
    @Inject
    Targets targets;
    @Inject
    CampaignTargeting targeting;

    @Scheduled(every = "{omniretail.promotions.launch-every}", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void launchDue() throws Throwable {
        Instant now = Instant.now();
        List<Campaign> due = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> Campaign.<Campaign>list(
                "kind = ?1 and active = true and launchedAt is null", CampaignKind.TARGETED)))
                .stream().filter(campaign -> campaign.runs(now)).toList();
        for (Campaign campaign : due) {
            launch(campaign, now);
        }
    }

    /** Claims, scans and issues; how many coupons the launch issued (0 when another instance holds the claim). */
    public int launch(Campaign campaign, Instant now) throws Throwable {
        boolean claimed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                UPDATE campaign SET launch_claimed_at = ?2 WHERE campaign_id = ?1 AND launched_at IS NULL
                                  AND (launch_claimed_at IS NULL OR launch_claimed_at < ?3)""")
                        .setParameter(1, campaign.id).setParameter(2, now).setParameter(3, now.minus(LEASE)).executeUpdate())
                .map(updated -> updated == 1)));
        if (!claimed) {
            return 0;
        }
        List<String> customers = profiles.customers(profile -> targets.targets(campaign, profile, now));
        int issued = VertxContextSupport.subscribeAndAwait(() -> targeting.issue(campaign.id, customers, now));
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Campaign.update(
                "launchedAt = ?1 where id = ?2", Instant.now(), campaign.id)));
        LOG.infof("campaign %s launched: %d customer(s) targeted, %d coupon(s) issued", campaign.id, customers.size(), issued);
        return issued;
    }
}
