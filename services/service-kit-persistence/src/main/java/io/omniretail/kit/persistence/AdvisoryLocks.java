package io.omniretail.kit.persistence;

import java.util.Collection;
import java.util.List;

import io.quarkus.hibernate.reactive.panache.Panache;
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

    /**
     * One statement for any number of keys, taken in the array's order (unnest keeps it). Run as an "update" (it returns
     * its row count): Hibernate caches a select's interpretation per call site and result mapping, and for native selects
     * that cache misses every time and grows, so each lock would search a long chain of same-hash entries.
     */
    private static final String LOCK = "select pg_advisory_xact_lock(hashtext(:namespace), hashtext(k)) from unnest(cast(:keys as text[])) as k";

    /** Several keys of one namespace, always in the same (sorted) order, so two transactions never deadlock. */
    public Uni<Void> lockForTransaction(String namespace, Collection<String> keys) {
        String[] sorted = keys.stream().distinct().sorted().toArray(String[]::new);
        if (sorted.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(LOCK)
                .setParameter("namespace", namespace).setParameter("keys", sorted).executeUpdate()).replaceWithVoid();
    }

    public Uni<Void> lockForTransaction(String namespace, String key) {
        return lockForTransaction(namespace, List.of(key));
    }
}
