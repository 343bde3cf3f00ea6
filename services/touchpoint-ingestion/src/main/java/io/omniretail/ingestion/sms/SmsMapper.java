package io.omniretail.ingestion.sms;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.MessageDirection;
import io.omniretail.events.touchpoint.MessageKeyword;
import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.Conversations;
import io.omniretail.ingestion.edge.InboundWebhooks.Keyed;
import io.omniretail.ingestion.edge.StrictJson;

/**
 * An inbound SMS (Twilio's parameters: MessageSid, From, To, Body, NumMedia, MediaUrlN) to one touchpoint in the
 * conversation {@code sms:<from>:<to>}, keyed by the customer's number so one number's messages stay in order. A
 * STOP keyword is CONSENT_UPDATED withdrawing SMS for every purpose (the carrier blocks the retailer's number from
 * then on, receipts included); START grants it again; HELP and any other text are MESSAGE_RECEIVED. The number is
 * a hint, not a proof: it attaches to whoever holds it and never joins two customers.
 */
public final class SmsMapper {

    static final int MAX_MEDIA = 10;

    private SmsMapper() {
    }

    static Touchpoint map(String account, Map<String, List<String>> form, SmsKeywords keywords, Instant receivedAt) throws InvalidSms {
        String sid = first(form, "MessageSid").or(() -> first(form, "SmsSid"))
                .orElseThrow(() -> new InvalidSms("MessageSid is required"));
        String from = first(form, "From").orElseThrow(() -> new InvalidSms("From is required"));
        String to = first(form, "To").orElseThrow(() -> new InvalidSms("To is required"));
        if (sid.length() > 64 || from.length() > 64 || to.length() > 64) {
            throw new InvalidSms("MessageSid, From and To have at most 64 characters");
        }
        String body = first(form, "Body").orElse("");
        List<String> media = new ArrayList<>();
        int count = first(form, "NumMedia").map(SmsMapper::count).orElse(0);
        for (int i = 0; i < Math.min(count, MAX_MEDIA); i++) {
            first(form, "MediaUrl" + i).filter(url -> url.length() <= 2_048).ifPresent(media::add);
        }
        Optional<MessageKeyword> keyword = keywords.keyword(body);
        MessageKind kind = keyword.isPresent() ? MessageKind.KEYWORD : body.isBlank() && !media.isEmpty() ? MessageKind.MEDIA : MessageKind.TEXT;
        MessageDetails message = MessageDetails.newBuilder()
                .setConversationId("sms:" + from + ":" + to)
                .setMessageId(sid)
                .setDirection(MessageDirection.INBOUND)
                .setKind(kind)
                .setText(body.isEmpty() ? null : body)
                .setKeyword(keyword.orElse(null))
                .setFromAddress(from)
                .setToAddress(to)
                .setMediaUrls(media)
                .build();
        boolean consent = keyword.filter(word -> word != MessageKeyword.HELP).isPresent();
        IdentityHints identity = IdentityHints.newBuilder().setRawPhone(from).setVerified(false).build();
        Touchpoint.Builder touchpoint = Conversations.touchpoint("sms", sid, consent ? TouchpointType.CONSENT_UPDATED : TouchpointType.MESSAGE_RECEIVED,
                TouchpointChannel.SMS, receivedAt, "sms:" + account, identity, message);
        if (consent) {
            touchpoint.setConsents(List.of(Conversations.channelChoice("SMS", keyword.get() == MessageKeyword.START, receivedAt, "sms_keyword")));
        }
        touchpoint.getAttributes().put("smsAccount", account);
        return touchpoint.build();
    }

    static Keyed keyed(Touchpoint touchpoint) {
        return new Keyed("sms:" + touchpoint.getMessage().getFromAddress(), touchpoint);
    }

    private static Optional<String> first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        // a form value may carry any byte: control characters go, as from every JSON string (PostgreSQL stores no NUL)
        return values == null || values.isEmpty() || values.get(0).isBlank() ? Optional.empty()
                : Optional.of(StrictJson.withoutControlCharacters(values.get(0).strip()));
    }

    private static int count(String number) {
        try {
            return Math.max(0, Integer.parseInt(number));
        } catch (NumberFormatException unreadable) {
            return 0;
        }
    }

    /** A request that is not an inbound message as the provider sends it. */
    static final class InvalidSms extends Exception {
        InvalidSms(String reason) {
            super(reason, null, false, false);
        }
    }
}
