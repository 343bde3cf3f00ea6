package io.omniretail.returns.policy;

import java.util.List;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

/** The configured {@link ReturnPolicy} (omniretail.returns.*). */
@ApplicationScoped
public class ReturnRules {

    @ConfigProperty(name = "omniretail.returns.window-days", defaultValue = "30")
    int windowDays;
    @ConfigProperty(name = "omniretail.returns.final-sale-sku-prefixes", defaultValue = "FINAL-")
    List<String> finalSalePrefixes;

    private ReturnPolicy policy;

    @PostConstruct
    void init() {
        policy = new ReturnPolicy(windowDays, finalSalePrefixes);
    }

    public ReturnPolicy policy() {
        return policy;
    }
}
