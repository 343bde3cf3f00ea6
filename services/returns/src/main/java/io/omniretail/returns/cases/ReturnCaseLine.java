package io.omniretail.returns.cases;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One returned line of a case: units of a SKU and their value as paid. */
@Entity
@Table(name = "return_line")
public class ReturnCaseLine extends CaseLine {

    public static ReturnCaseLine of(String returnCaseId, int lineNo, String sku, int quantity, BigDecimal amount, String currency) {
        return fill(new ReturnCaseLine(), returnCaseId, lineNo, sku, quantity, amount, currency);
    }
}
