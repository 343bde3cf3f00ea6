package io.omniretail.returns.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The return policy as configured in omniretail.returns.* (application.properties, overridable by environment). */
@ApplicationScoped
public class ReturnRules {

    @ConfigMapping(prefix = "omniretail.returns")
    public interface ReturnsConfig {

        /** Days after the purchase a return may be asked for, unless the category says otherwise. */
        @WithDefault("30")
        int windowDays();

        /** SKUs starting with one of these are final sale whatever their category. */
        @WithDefault("FINAL-")
        List<String> finalSaleSkuPrefixes();

        /** Rules per merchandise category (the line's category, e.g. Shopify product type), case-insensitive. */
        Map<String, Category> categories();

        interface Category {
            Optional<Integer> windowDays();

            @WithDefault("false")
            boolean finalSale();
        }
    }

    @Produces
    @Singleton
    ReturnPolicy policy(ReturnsConfig config) {
        Map<String, ReturnPolicy.CategoryRule> categories = new LinkedHashMap<>();
        config.categories().forEach((name, rule) -> categories.put(name,
                new ReturnPolicy.CategoryRule(rule.windowDays().orElse(null), rule.finalSale())));
        return new ReturnPolicy(config.windowDays(), config.finalSaleSkuPrefixes(), categories);
    }
}
