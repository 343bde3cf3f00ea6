package io.omniretail.returns.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.omniretail.kit.persistence.privacy.PersonalDataOwner;
import io.omniretail.returns.cases.ExchangeLine;
import io.omniretail.returns.cases.ReturnCase;
import io.omniretail.returns.cases.ReturnCaseStep;
import io.omniretail.returns.cases.ReturnCaseLine;
import io.omniretail.returns.purchases.Purchase;
import io.omniretail.returns.purchases.PurchaseLine;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Returns' part of erase and export (ADR 0019): the person's purchases as returns knows them and their return
 * cases, with their steps and exchanges. */
@ApplicationScoped
public class ReturnsPersonalData implements PersonalDataOwner {

    public record Export(List<Purchase> purchases, List<PurchaseLine> purchaseLines, List<ReturnCase> returnCases,
            List<ReturnCaseLine> returnLines, List<ExchangeLine> exchangeLines, List<ReturnCaseStep> steps) {
    }

    private static final String OF_THEIR_CASES = "key.returnCaseId in (select c.id from ReturnCase c where c.customerId in ?1)";
    private static final String OF_THEIR_PURCHASES = "key.orderId in (select p.orderId from Purchase p where p.customerId in ?1)";

    @Override
    public Uni<Map<String, Long>> erase(List<String> customerIds) {
        Map<String, Long> rows = new LinkedHashMap<>();
        return ReturnCaseLine.delete(OF_THEIR_CASES, customerIds).invoke(n -> rows.put("return_line", n))
                .chain(() -> ExchangeLine.delete(OF_THEIR_CASES, customerIds)).invoke(n -> rows.put("exchange_line", n))
                .chain(() -> ReturnCaseStep.delete(OF_THEIR_CASES, customerIds)).invoke(n -> rows.put("return_case_step", n))
                .chain(() -> ReturnCase.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("return_case", n))
                .chain(() -> PurchaseLine.delete(OF_THEIR_PURCHASES, customerIds)).invoke(n -> rows.put("purchase_line", n))
                .chain(() -> Purchase.delete("customerId in ?1", customerIds)).invoke(n -> rows.put("purchase", n))
                .replaceWith(rows);
    }

    @Override
    public Uni<Object> export(List<String> customerIds) {
        return Purchase.<Purchase>list("customerId in ?1 order by placedAt", customerIds)
                .chain(purchases -> PurchaseLine.<PurchaseLine>list(OF_THEIR_PURCHASES, customerIds)
                        .chain(purchaseLines -> ReturnCase.<ReturnCase>list("customerId in ?1 order by openedAt", customerIds)
                                .chain(cases -> ReturnCaseLine.<ReturnCaseLine>list(OF_THEIR_CASES, customerIds)
                                        .chain(caseLines -> ExchangeLine.<ExchangeLine>list(OF_THEIR_CASES, customerIds)
                                                .chain(exchangeLines -> ReturnCaseStep.<ReturnCaseStep>list(OF_THEIR_CASES, customerIds)
                                                        .map(steps -> new Export(purchases, purchaseLines, cases, caseLines,
                                                                exchangeLines, steps)))))));
    }
}
