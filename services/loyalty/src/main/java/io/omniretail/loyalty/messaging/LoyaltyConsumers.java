package io.omniretail.loyalty.messaging;

import java.time.Instant;

import org.eclipse.microprofile.reactive.messaging.Incoming;

import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.journey.RewardCommand;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.kit.persistence.EventProcessor;
import io.omniretail.loyalty.ledger.AccountMerger;
import io.omniretail.loyalty.ledger.PointsLedger;
import io.omniretail.loyalty.redemption.Redemptions;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The four inputs of loyalty. Every record goes through {@link EventProcessor}: inbox dedupe, the handler and
 * the outbox writes in one transaction, retries, the DLQ for poison or invalid records, then the ack. Each
 * channel handles one record at a time; the channels run concurrently, which the account row locks serialize.
 */
@ApplicationScoped
public class LoyaltyConsumers {

    @Inject
    EventProcessor processor;
    @Inject
    PointsLedger ledger;
    @Inject
    AccountMerger merger;
    @Inject
    Redemptions redemptions;

    @Incoming("customers-unified")
    public Uni<Void> onCustomerEvent(KafkaRecordBatch<String, CustomerEvent> batch) {
        return processor.processBatch(batch, this::apply);
    }

    @Incoming("reward-commands")
    public Uni<Void> onRewardCommand(KafkaRecordBatch<String, RewardCommand> batch) {
        return processor.processBatch(batch, ledger::grant);
    }

    @Incoming("returns-events")
    public Uni<Void> onReturnCaseEvent(KafkaRecordBatch<String, ReturnCaseEvent> batch) {
        return processor.processBatch(batch, ledger::returnCase);
    }

    @Incoming("identity-merges")
    public Uni<Void> onIdentityMerged(KafkaRecordBatch<String, IdentityMerged> batch) {
        return processor.processBatch(batch, merger::merge);
    }

    private Uni<Void> apply(CustomerEvent event) {
        return switch (event.getType()) {
            case PURCHASE -> redemptions.captureBy(event, Instant.now()).chain(() -> ledger.earn(event));
            case REFUND -> ledger.reverse(event);
            case ORDER_CANCELLED -> ledger.cancel(event).chain(() -> redemptions.orderCancelled(event, Instant.now()));
            // page views, sign-ups, carts, return requests...: no points (sign-up bonuses come as reward commands)
            default -> Uni.createFrom().voidItem();
        };
    }
}
