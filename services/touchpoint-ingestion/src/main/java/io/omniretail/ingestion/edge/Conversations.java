package io.omniretail.ingestion.edge;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.privacy.CardNumbers;

/** The touchpoint of one conversational event, the same for every messaging source (LINE, SMS, chat). */
public final class Conversations {

    /** LINE's own limit for a text message; longer texts are cut and marked. */
    public static final int MAX_TEXT = 5_000;

    private Conversations() {
    }

    /**
     * A touchpoint with the id derived from the source and its own event id, so that a redelivery is the same
     * touchpoint; the message's text cut to {@link #MAX_TEXT} (attribute textTruncated), and card numbers in its text
     * and postback data masked before anything else sees them (attribute cardNumberMasked; ADR 0030).
     */
    public static Touchpoint.Builder touchpoint(String sourceSystem, String eventId, TouchpointType type, TouchpointChannel channel,
            Instant occurredAt, String origin, IdentityHints identity, MessageDetails message) {
        String id = EventMetadataFactory.derivedId(sourceSystem, type.name(), eventId);
        Map<String, String> attributes = new HashMap<>();
        // masked before the cut, so a card number across the limit cannot leave its leading digits behind
        if (message != null) {
            String text = CardNumbers.mask(message.getText());
            String postback = CardNumbers.mask(message.getPostbackData());
            if (text != message.getText() || postback != message.getPostbackData()) {
                message.setText(text);
                message.setPostbackData(postback);
                attributes.put("cardNumberMasked", "true");
            }
        }
        if (message != null && message.getText() != null && message.getText().length() > MAX_TEXT) {
            message.setText(message.getText().substring(0, MAX_TEXT));
            attributes.put("textTruncated", "true");
        }
        return Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, occurredAt, origin))
                .setTouchpointId(id)
                .setType(type)
                .setChannel(channel)
                .setSourceSystem(sourceSystem)
                .setSourceReference(eventId)
                .setIdentity(identity)
                .setMessage(message)
                .setAttributes(attributes);
    }

    /**
     * A choice the customer made on the channel itself, covering every message on it (a blocked LINE account or an
     * SMS STOP reaches nothing, receipts included).
     */
    public static ConsentHint channelChoice(String channel, boolean granted, Instant at, String how) {
        return ConsentHint.newBuilder().setChannel(channel).setGranted(granted).setCapturedAt(at).setOptInLevel(how)
                .setAllPurposes(true).build();
    }
}
