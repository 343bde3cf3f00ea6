package io.omniretail.notifications.api;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.customer.ConsentSource;
import io.omniretail.events.customer.ContactChannel;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.notifications.policy.NotificationPolicyConfig;
import io.omniretail.notifications.preferences.ConsentDecisions;
import io.omniretail.notifications.preferences.ConsentDecisions.Change;
import io.omniretail.notifications.preferences.CustomerLinks;
import io.omniretail.notifications.preferences.Preferences;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The customer's own links, opened without a login: the signed token in the path is the authorisation (like a signed
 * webhook), scoped to one customer and one use, and expiring (SignedLinks, ADR 0020).
 * <ul>
 * <li>{@code /preferences/{token}}: read and change consent per channel and purpose; each change is recorded with the
 * consent text version shown, source PREFERENCE_CENTRE.</li>
 * <li>{@code /unsubscribe/{token}}: RFC 8058 one-click unsubscribe of a channel's marketing. The mail client POSTs
 * {@code List-Unsubscribe=One-Click}; a GET (a person's click, or a link scanner) only shows a confirmation button,
 * because RFC 8058 forbids unsubscribing on GET.</li>
 * </ul>
 * A token that is forged, expired or of another scope is 403 problem+json.
 */
@Path("/")
@PermitAll
public class PreferenceCentreResource {

    @Inject
    CustomerLinks links;
    @Inject
    ConsentDecisions decisions;
    @Inject
    NotificationPolicyConfig config;
    @Inject
    Validator validator;

    public record PreferenceChanges(@NotEmpty @Size(max = 24) List<@Valid @NotNull Change> changes) {
    }

    @GET
    @Path("preferences/{token}")
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    @Operation(summary = "The customer's preferences, through their signed link")
    public Uni<Preferences> preferences(@RestPath String token) {
        return decisions.preferences(customer(links.preferencesOf(token).orElse(null)));
    }

    @PUT
    @Path("preferences/{token}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the customer's consent per channel and purpose, through their signed link")
    public Uni<Preferences> change(@RestPath String token, PreferenceChanges changes) {
        String customerId = customer(links.preferencesOf(token).orElse(null));
        // validated after the link: a caller without a genuine link learns nothing, not even what a valid body is
        var violations = validator.validate(changes == null ? new PreferenceChanges(null) : changes);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return Panache.withTransaction(() -> decisions.record(customerId, changes.changes(), ConsentSource.PREFERENCE_CENTRE,
                config.links().consentTextVersion(), null));
    }

    @GET
    @Path("unsubscribe/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "A confirmation page for an unsubscribe link (GET never unsubscribes, RFC 8058)")
    public String confirm(@RestPath String token) {
        customer(links.unsubscribeOf(token, ContactChannel.EMAIL).orElse(null));
        return """
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>Unsubscribe</title></head><body>
                <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
                <p>Stop marketing e-mail? / メールマガジンの配信を停止しますか？</p>
                <button type="submit">Unsubscribe / 配信停止</button></form></body></html>""";
    }

    @POST
    @Path("unsubscribe/{token}")
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "RFC 8058 one-click unsubscribe: withdraws the channel's marketing consent")
    public Uni<String> unsubscribe(@RestPath String token) {
        String customerId = customer(links.unsubscribeOf(token, ContactChannel.EMAIL).orElse(null));
        return Panache.withTransaction(() -> decisions.record(customerId,
                List.of(new ConsentDecisions.Change(ContactChannel.EMAIL, ConsentPurpose.MARKETING, false)),
                ConsentSource.ONE_CLICK_UNSUBSCRIBE, null, null).replaceWithVoid())
                .replaceWith("Unsubscribed from marketing e-mail. / メールマガジンの配信を停止しました。");
    }

    private static String customer(String customerId) {
        if (customerId == null) {
            throw new ProblemException(403, "invalid-link", "Invalid link", "the link is not genuine, has expired, or is for something else");
        }
        return customerId;
    }
}
