package io.omniretail.returns.purchases;

import java.io.Serializable;
import java.math.BigDecimal;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One line of a recorded purchase. */
@Entity
@Table(name = "purchase_line")
public class PurchaseLine extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "order_id") String orderId, @Column(name = "line_no") int lineNo) implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public String sku;
    public int quantity;
    @Column(name = "unit_price")
    public BigDecimal unitPrice;
    public String currency;
    /** Merchandise category (Shopify product type, POS department): the return policy's category rules. */
    public String category;
}
