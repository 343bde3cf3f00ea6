package io.omniretail.customer.profile;

import java.time.Instant;

import io.omniretail.events.customer.ConsentSource;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one writer of a customer's consents. An explicit decision (a tick box, an SMS STOP, a LINE block, the preference
 * centre, an unsubscribe) replaces the current one unless a later decision is already recorded, and is kept as
 * {@link ConsentEvidence} either way; an implied one (an address given while buying allows receipts) only fills a gap.
 * Runs in the caller's transaction, under the customer's lock ({@link Customer#LOCKS}). Idempotent: evidence is keyed
 * by the event that carried it.
 */
@ApplicationScoped
public class ConsentLedger {

    /** Where an explicit decision came from, as evidence. */
    public record Evidence(String eventId, ConsentSource source, String textVersion, String actor, String optInLevel) {
    }

    public Uni<Void> decided(String customerId, String channel, String purpose, boolean granted, Instant at, Evidence evidence) {
        return ConsentEvidence.<ConsentEvidence>findById(new ConsentEvidence.Key(evidence.eventId(), channel, purpose))
                .chain(known -> {
                    if (known != null) {
                        return Uni.createFrom().voidItem();
                    }
                    ConsentEvidence record = new ConsentEvidence();
                    record.key = new ConsentEvidence.Key(evidence.eventId(), channel, purpose);
                    record.customerId = customerId;
                    record.granted = granted;
                    record.decidedAt = at;
                    record.source = evidence.source();
                    record.textVersion = evidence.textVersion();
                    record.actor = evidence.actor();
                    record.optInLevel = evidence.optInLevel();
                    record.recordedAt = Instant.now();
                    return record.persist().replaceWithVoid();
                })
                .chain(() -> upsert(customerId, channel, purpose, granted, at, true));
    }

    public Uni<Void> implied(String customerId, String channel, String purpose, Instant at) {
        return upsert(customerId, channel, purpose, true, at, false);
    }

    private static Uni<Void> upsert(String customerId, String channel, String purpose, boolean granted, Instant at, boolean explicit) {
        return Consent.<Consent>findById(new Consent.Key(customerId, channel, purpose)).chain(existing -> {
            if (existing == null) {
                return Consent.of(customerId, channel, purpose, granted, at).persist().replaceWithVoid();
            }
            if (explicit && !at.isBefore(existing.updatedAt)) {
                existing.granted = granted;
                existing.updatedAt = at;
            }
            return Uni.createFrom().voidItem();
        });
    }
}
