package io.omniretail.gateway;

import java.util.List;
import java.util.Optional;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The pure pieces (rules, history) as beans, configured from application.properties / the environment. */
@ApplicationScoped
public class GatewayBeans {

    private static final Logger LOG = Logger.getLogger(GatewayBeans.class);

    @Produces
    @Singleton
    DeliveryRules deliveryRules(
            @ConfigProperty(name = "omniretail.gateway.failing-recipients") Optional<List<String>> failingRecipients,
            @ConfigProperty(name = "omniretail.gateway.fail-pattern") Optional<String> failPattern) {
        DeliveryRules rules = new DeliveryRules(failingRecipients.orElse(List.of()), failPattern.orElse(null));
        if (!rules.failingRecipients().isEmpty() || rules.failPattern().isPresent()) {
            LOG.infof("gateway simulator failure rule: %s", rules);
        }
        return rules;
    }

    @Produces
    @Singleton
    MessageHistory messageHistory(@ConfigProperty(name = "omniretail.gateway.history-size", defaultValue = "200") int size) {
        return new MessageHistory(size);
    }
}
