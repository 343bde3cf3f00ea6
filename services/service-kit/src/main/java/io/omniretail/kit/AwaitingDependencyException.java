package io.omniretail.kit;

/**
 * The event depends on another one this consumer has not applied yet (a refund whose order is still on its way on
 * another partition). The kit retries it briefly, then parks it ({@code kit_parked}) and lets the partition move
 * on; the parked record is re-delivered to this consumer alone with growing pauses until it applies. Never
 * dead-lettered, never lost.
 */
public class AwaitingDependencyException extends RuntimeException {

    public AwaitingDependencyException(String dependency) {
        super(dependency, null, false, false);
    }
}
