package io.omniretail.kit;

/**
 * A business outcome, not a failure: the event is valid, and this consumer decided to do nothing with it (a
 * purchase in a currency the programme does not count, a fact for a journey that no longer waits). The kit
 * records the outcome and its reason in the inbox ({@code kit_inbox.outcome = NOT_APPLICABLE}) and counts it;
 * the event is never dead-lettered and never retried. Whatever the handler wrote before throwing is rolled back.
 */
public class NotApplicableException extends RuntimeException {

    public NotApplicableException(String outcome) {
        super(outcome, null, false, false);
    }
}
