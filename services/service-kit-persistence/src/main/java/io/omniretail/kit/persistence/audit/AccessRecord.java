package io.omniretail.kit.persistence.audit;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One read of personal data through the REST API: who (the token's subject, user name and roles), what (the resource
 * method and the path, without the query, which may hold an e-mail or a phone), about whom, when, and the answer's
 * status. Append-only.
 */
@Entity
@Table(name = "kit_access_audit")
public class AccessRecord extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "accessed_at", nullable = false)
    public Instant accessedAt;

    @Column(nullable = false)
    public String subject;

    public String username;

    /** The platform roles the user held, space-separated. */
    @Column(nullable = false)
    public String roles;

    /** The resource method, e.g. CustomerResource.byId. */
    @Column(nullable = false)
    public String operation;

    @Column(nullable = false)
    public String path;

    @Column(name = "customer_id")
    public String customerId;

    @Column(nullable = false)
    public int status;
}
