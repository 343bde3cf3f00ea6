package io.omniretail.kit;

/**
 * The event can never be processed (invalid content, violated contract): retrying is pointless, so it goes to
 * the topic's DLQ with this message as the reason. Anything else thrown by a handler is treated as transient.
 */
public class RejectedEventException extends RuntimeException {

    public RejectedEventException(String reason) {
        super(reason);
    }

    public RejectedEventException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
