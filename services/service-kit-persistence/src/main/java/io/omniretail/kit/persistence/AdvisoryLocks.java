package io.omniretail.kit.persistence;

import java.util.Collection;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Transaction-scoped PostgreSQL advisory locks: serialize work on one business key (an order, a customer)
 * across threads and instances, released at commit or rollback. Must run inside a transaction. The lock key is
 * (hash of namespace, hash of key), so two features locking the same id in different namespaces never block
 * each other.
 */
@ApplicationScoped
public class AdvisoryLocks {

    private static final String LOCK = "select count(*) from (select pg_advisory_xact_lock(hashtext(:namespace), hashtext(:key))) as locked";

    /** Several keys of one namespace, always in the same (sorted) order, so two transactions never deadlock. */
    public Uni<Void> lockForTransaction(String namespace, Collection<String> keys) {
        return Multi.createFrom().iterable(keys.stream().distinct().sorted().toList())
                .onItem().transformToUniAndConcatenate(key -> lockForTransaction(namespace, key))
                .collect().last().replaceWithVoid();
    }

    public Uni<Void> lockForTransaction(String namespace, String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK, Long.class)
                .setParameter("namespace", namespace).setParameter("key", key).getSingleResult()).replaceWithVoid();
    }
}
