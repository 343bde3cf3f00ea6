package io.omniretail.gateway;

import java.util.List;
import java.util.Locale;

import io.omniretail.events.customer.ContactChannel;
import io.omniretail.kit.http.ProblemException;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * What the simulated providers "sent": GET /gateway/messages (newest first, the last
 * omniretail.gateway.history-size messages), GET /gateway/messages?channel=SMS for one channel,
 * DELETE /gateway/messages to start over (e.g. between test cases).
 * Open to anyone: the simulator is not part of the platform but stands in for the retailer's outside gateways in
 * tests, demos and the local overlay (ADR 0017).
 */
@PermitAll
@Path("/gateway/messages")
@Produces(MediaType.APPLICATION_JSON)
public class GatewayMessagesResource {

    static final List<ContactChannel> SIMULATED =
            List.of(ContactChannel.SMS, ContactChannel.EMAIL, ContactChannel.LINE, ContactChannel.PUSH);

    @Inject
    MessageHistory history;

    @GET
    public List<MessageHistory.Entry> messages(@QueryParam("channel") String channel) {
        return history.newestFirst(parseChannel(channel));
    }

    @DELETE
    public void clear() {
        history.clear();
    }

    static ContactChannel parseChannel(String channel) {
        if (channel == null || channel.isBlank()) {
            return null;
        }
        try {
            ContactChannel parsed = ContactChannel.valueOf(channel.strip().toUpperCase(Locale.ROOT));
            if (SIMULATED.contains(parsed)) {
                return parsed;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw new ProblemException(400, "unknown-channel", "Unknown channel",
                "channel must be one of " + SIMULATED + ", was '" + channel + "'");
    }
}
