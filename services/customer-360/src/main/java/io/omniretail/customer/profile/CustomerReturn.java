package io.omniretail.customer.profile;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A return the source manages and the order it belongs to: deliveries that name only the return resolve through it. */
@Entity
@Table(name = "customer_return")
public class CustomerReturn extends PanacheEntityBase {

    @Id
    @Column(name = "return_id")
    public String returnId;
    @Column(name = "order_id")
    public String orderId;

    public static CustomerReturn of(String returnId, String orderId) {
        CustomerReturn link = new CustomerReturn();
        link.returnId = returnId;
        link.orderId = orderId;
        return link;
    }
}
