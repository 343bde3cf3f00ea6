package io.omniretail.kit;

/**
 * The event can never be applied, whatever is retried or fixed elsewhere (invalid content, a violated contract):
 * it goes to the topic's DLQ with this message as the reason, and {@code make dlq-replay} can re-deliver it after
 * a code fix. This is the ONLY way into a DLQ besides an undecodable record. A valid event that this consumer
 * ignores for a business reason is a {@link NotApplicableException}; anything else a handler throws is treated as
 * transient and retried for as long as it takes.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }

    public RejectedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
