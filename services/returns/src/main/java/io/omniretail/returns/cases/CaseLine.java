package io.omniretail.returns.cases;

import java.io.Serializable;
import java.math.BigDecimal;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.MappedSuperclass;

/** Units of a SKU and their value, keyed by case and line number: a returned line, or a line of an exchange's replacement. */
@MappedSuperclass
public abstract class CaseLine extends PanacheEntityBase {

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

    static <L extends CaseLine> L fill(L line, String returnCaseId, int lineNo, String sku, int quantity, BigDecimal amount,
            String currency) {
        line.key = new Key(returnCaseId, lineNo);
        line.sku = sku;
        line.quantity = quantity;
        line.amount = amount;
        line.currency = currency;
        return line;
    }
}
