package io.omniretail.customer.profile;

import java.time.Instant;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An associate's note on a customer (clienteling). Append-only; follows the customer through merges. */
@Entity
@Table(name = "customer_note")
public class CustomerNote extends PanacheEntityBase {

    @Id
    @Column(name = "note_id")
    public String noteId;
    @Column(name = "customer_id")
    public String customerId;
    /** The associate's user name. */
    public String author;
    public String text;
    @Column(name = "created_at")
    public Instant createdAt;
}
