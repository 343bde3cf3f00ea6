package io.omniretail.notifications.preferences;

import java.time.Clock;
import java.util.Optional;

import io.omniretail.events.customer.ContactChannel;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The links a customer follows without logging in (signed with {@link SignedLinks}): the preference centre and the
 * one-click unsubscribe of a channel's marketing, valid for {@code omniretail.notifications.links.validity}.
 */
@ApplicationScoped
public class CustomerLinks {

    static final String PREFERENCES = "preferences";

    @Inject
    NotificationPolicyConfig config;
    @Inject
    Clock clock;

    private SignedLinks links;

    SignedLinks links() {
        if (links == null) {
            links = new SignedLinks(config.links().secret());
        }
        return links;
    }

    public String preferencesUrl(String customerId) {
        return base() + "/preferences/" + links().sign(PREFERENCES, customerId, clock.instant().plus(config.links().validity()));
    }

    public String unsubscribeUrl(String customerId, ContactChannel channel) {
        return base() + "/unsubscribe/" + links().sign(unsubscribeScope(channel), customerId, clock.instant().plus(config.links().validity()));
    }

    /** The customer a preference-centre token speaks for. */
    public Optional<String> preferencesOf(String token) {
        return links().verify(token, PREFERENCES, clock.instant()).map(SignedLinks.Grant::customerId);
    }

    /** The customer an unsubscribe token of the channel speaks for. */
    public Optional<String> unsubscribeOf(String token, ContactChannel channel) {
        return links().verify(token, unsubscribeScope(channel), clock.instant()).map(SignedLinks.Grant::customerId);
    }

    private static String unsubscribeScope(ContactChannel channel) {
        return "unsubscribe:" + channel.name();
    }

    private String base() {
        String base = config.links().baseUrl();
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
