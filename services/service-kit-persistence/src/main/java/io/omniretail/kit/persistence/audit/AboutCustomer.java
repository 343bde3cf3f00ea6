package io.omniretail.kit.persistence.audit;

/**
 * An answer about one customer. The access audit takes the customer from it when the request did not name one (a
 * look-up by e-mail records the customer found, never the e-mail).
 */
public interface AboutCustomer {

    String customerId();
}
