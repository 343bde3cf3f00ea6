package io.omniretail.ingestion.publish;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;

import io.omniretail.events.common.Money;

/** Amounts as every touchpoint carries them, whatever the source: ISO 4217 in upper case, four decimals. */
public final class Amounts {

    private Amounts() {
    }

    public static Money money(String currency, BigDecimal amount) {
        return Money.newBuilder().setCurrency(currency.toUpperCase(Locale.ROOT))
                .setAmount(amount.setScale(4, RoundingMode.HALF_EVEN)).build();
    }
}
