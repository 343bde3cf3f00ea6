package io.omniretail.returns.cases;

import java.io.Serializable;
import java.math.BigDecimal;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One returned line of a case: units of a SKU and their value as paid. */
@Entity
@Table(name = "return_line")
public class ReturnCaseLine extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "return_case_id") String returnCaseId, @Column(name = "line_no") int lineNo)
            implements Serializable {
    }

    @EmbeddedId
    public Key key;
    public String sku;
    public int quantity;
    public BigDecimal amount;
    public String currency;

    public static ReturnCaseLine of(String returnCaseId, int lineNo, String sku, int quantity, BigDecimal amount, String currency) {
        ReturnCaseLine line = new ReturnCaseLine();
        line.key = new Key(returnCaseId, lineNo);
        line.sku = sku;
        line.quantity = quantity;
        line.amount = amount;
        line.currency = currency;
        return line;
    }
}
