package io.omniretail.customer.privacy;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Reports the privacy requests still open and those past their deadline (Shopify's 30 days), as the gauges
 * omniretail_privacy_requests_open and omniretail_privacy_requests_overdue, and a warning naming each overdue
 * request, every {@code omniretail.privacy.deadline-check}. GET /privacy/requests?open=true lists them.
 */
@ApplicationScoped
public class PrivacyDeadlines {

    private static final Logger LOG = Logger.getLogger(PrivacyDeadlines.class);
    private static final List<PrivacyRequestRecord.Status> OPEN = List.of(PrivacyRequestRecord.Status.RECEIVED,
            PrivacyRequestRecord.Status.IN_PROGRESS);

    @Inject
    MeterRegistry meters;

    private final AtomicLong open = new AtomicLong();
    private final AtomicLong overdue = new AtomicLong();

    @PostConstruct
    void gauges() {
        meters.gauge("omniretail.privacy.requests.open", open);
        meters.gauge("omniretail.privacy.requests.overdue", overdue);
    }

    @Scheduled(every = "${omniretail.privacy.deadline-check}", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void check() throws Throwable {
        Instant now = Instant.now();
        List<PrivacyRequestRecord> requests = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> PrivacyRequestRecord.<PrivacyRequestRecord>list("status in ?1", OPEN)));
        open.set(requests.size());
        List<PrivacyRequestRecord> late = requests.stream().filter(r -> now.isAfter(r.dueBy)).toList();
        overdue.set(late.size());
        late.forEach(r -> LOG.warnf("privacy request %s (%s from %s) was due %s and is still %s", r.requestId, r.kind,
                r.sourceSystem, r.dueBy, r.status));
    }
}
