package io.omniretail.returns.cases;

import java.math.BigDecimal;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** One line of an exchange's replacement order: units of a SKU and the price of those units. */
@Entity
@Table(name = "exchange_line")
public class ExchangeLine extends CaseLine {

    public static ExchangeLine of(String returnCaseId, int lineNo, String sku, int quantity, BigDecimal amount, String currency) {
        return fill(new ExchangeLine(), returnCaseId, lineNo, sku, quantity, amount, currency);
    }
}
