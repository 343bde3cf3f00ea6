package io.omniretail.kit;

/**
 * The event depends on another one this consumer has not applied yet (a refund whose order is still on its way on
 * another partition). The kit parks it at once (an outbox row that re-delivers it later) and lets the partition move
 * on; the parked record is re-delivered to this consumer alone with growing pauses until it
 * applies, or, still waiting after {@code omniretail.consumer.park-give-up-after}, is recorded NOT_APPLICABLE with
 * what it waited for. Never dead-lettered, never lost.
 */
public class AwaitingDependencyException extends RuntimeException {

    public AwaitingDependencyException(String dependency) {
        super(dependency, null, false, false);
    }
}
