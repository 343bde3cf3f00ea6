package io.omniretail.ingestion.line;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.MessageDirection;
import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.Conversations;
import io.omniretail.ingestion.edge.InboundWebhooks.Keyed;

/**
 * LINE webhook events to touchpoints, one per event of a user (events of groups and rooms without a user, and
 * event types nobody reads yet, are skipped with the reason). The conversation is the user's thread with the
 * channel ({@code line:<channel>:<userId>}), which is also the partition key, so one user's events stay in order.
 * <ul>
 * <li>message: MESSAGE_RECEIVED (text, image, sticker, location, media); postback: MESSAGE_RECEIVED, kind POSTBACK;</li>
 * <li>follow: CHANNEL_FOLLOWED, LINE consent granted; unfollow (the user blocked the account): CHANNEL_UNFOLLOWED, LINE
 * consent withdrawn for every purpose (nothing can reach a user who blocked the account);</li>
 * <li>accountLink with result ok and a genuine, unexpired nonce ({@link LineLinkNonces}): ACCOUNT_LINKED carrying the
 * LINE user id and the retailer's account id as verified identifiers, which is what lets customer-360 join them.
 * A LINE user is never joined to anyone by guessing: without a valid link it stays its own (LINE-only) customer.</li>
 * </ul>
 * Touchpoint ids derive from webhookEventId (LINE keeps it across redeliveries).
 */
public final class LineEventMapper {

    private LineEventMapper() {
    }

    public record Mapped(List<Keyed> touchpoints, List<String> skipped) {
    }

    static Mapped map(String channel, LinePayloads.Webhook webhook, LineLinkNonces nonces, Instant now) {
        List<Keyed> touchpoints = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (LinePayloads.Event event : webhook.events()) {
            String userId = event.source() == null ? null : event.source().userId();
            if (userId == null || userId.isBlank()) {
                skipped.add(event.webhookEventId() + ": no user (a group or room event)");
                continue;
            }
            String conversation = "line:" + channel + ":" + userId;
            Optional<Touchpoint> touchpoint = switch (event.type()) {
                case "message" -> Optional.of(message(channel, event, conversation));
                case "postback" -> Optional.of(postback(channel, event, conversation));
                case "follow" -> Optional.of(follow(channel, event, conversation, true));
                case "unfollow" -> Optional.of(follow(channel, event, conversation, false));
                case "accountLink" -> accountLink(channel, event, conversation, nonces, now, skipped);
                default -> {
                    skipped.add(event.webhookEventId() + ": event type '" + event.type() + "' is not read");
                    yield Optional.empty();
                }
            };
            touchpoint.ifPresent(tp -> touchpoints.add(new Keyed(conversation, tp)));
        }
        return new Mapped(touchpoints, skipped);
    }

    private static Touchpoint message(String channel, LinePayloads.Event event, String conversation) {
        LinePayloads.Message message = event.message();
        String type = message == null || message.type() == null ? "" : message.type();
        MessageKind kind = switch (type) {
            case "text" -> MessageKind.TEXT;
            case "image" -> MessageKind.IMAGE;
            case "video", "audio", "file" -> MessageKind.MEDIA;
            case "location" -> MessageKind.LOCATION;
            case "sticker" -> MessageKind.STICKER;
            default -> MessageKind.OTHER;
        };
        String text = message == null ? null : switch (kind) {
            case TEXT -> message.text();
            case LOCATION -> join(message.title(), message.address());
            case MEDIA -> message.fileName();
            default -> null;
        };
        MessageDetails details = details(event, conversation, kind).setMessageId(message == null ? null : message.id())
                .setText(text).build();
        Touchpoint.Builder touchpoint = builder(channel, event, TouchpointType.MESSAGE_RECEIVED, details);
        if (kind == MessageKind.STICKER) {
            touchpoint.getAttributes().put("lineSticker", message.packageId() + "/" + message.stickerId());
        }
        if (kind == MessageKind.LOCATION && message.latitude() != null && message.longitude() != null) {
            touchpoint.getAttributes().put("latitude", message.latitude().toString());
            touchpoint.getAttributes().put("longitude", message.longitude().toString());
        }
        return touchpoint.build();
    }

    private static Touchpoint postback(String channel, LinePayloads.Event event, String conversation) {
        String data = event.postback() == null ? null : event.postback().data();
        return builder(channel, event, TouchpointType.MESSAGE_RECEIVED,
                details(event, conversation, MessageKind.POSTBACK).setPostbackData(data).build()).build();
    }

    private static Touchpoint follow(String channel, LinePayloads.Event event, String conversation, boolean follows) {
        Instant at = Instant.ofEpochMilli(event.timestamp());
        Touchpoint.Builder touchpoint = builder(channel, event, follows ? TouchpointType.CHANNEL_FOLLOWED : TouchpointType.CHANNEL_UNFOLLOWED,
                details(event, conversation, follows ? MessageKind.FOLLOW : MessageKind.UNFOLLOW).build());
        touchpoint.setConsents(List.of(Conversations.channelChoice("LINE", follows, at, follows ? "line_follow" : "line_block")));
        if (follows && event.follow() != null && Boolean.TRUE.equals(event.follow().isUnblocked())) {
            touchpoint.getAttributes().put("unblocked", "true");
        }
        return touchpoint.build();
    }

    private static Optional<Touchpoint> accountLink(String channel, LinePayloads.Event event, String conversation, LineLinkNonces nonces,
            Instant now, List<String> skipped) {
        LinePayloads.Link link = event.link();
        if (link == null || !"ok".equals(link.result())) {
            skipped.add(event.webhookEventId() + ": account link did not succeed at LINE");
            return Optional.empty();
        }
        Optional<String> account = nonces == null ? Optional.empty() : nonces.accountOf(link.nonce(), now);
        if (account.isEmpty()) {
            skipped.add(event.webhookEventId() + ": account link nonce is not genuine or has expired");
            return Optional.empty();
        }
        Touchpoint.Builder touchpoint = builder(channel, event, TouchpointType.ACCOUNT_LINKED,
                details(event, conversation, MessageKind.ACCOUNT_LINK).build());
        touchpoint.setIdentity(IdentityHints.newBuilder(touchpoint.getIdentity()).setAccountId(account.get()).setVerified(true).build());
        return Optional.of(touchpoint.build());
    }

    private static MessageDetails.Builder details(LinePayloads.Event event, String conversation, MessageKind kind) {
        return MessageDetails.newBuilder().setConversationId(conversation).setDirection(MessageDirection.INBOUND).setKind(kind)
                .setFromAddress(event.source().userId());
    }

    private static Touchpoint.Builder builder(String channel, LinePayloads.Event event, TouchpointType type, MessageDetails details) {
        // a LINE user id alone names nobody else: it is never a reason to join two customers
        IdentityHints identity = IdentityHints.newBuilder().setLineUserId(event.source().userId()).setVerified(false).build();
        Touchpoint.Builder touchpoint = Conversations.touchpoint("line", event.webhookEventId(), type, TouchpointChannel.LINE,
                Instant.ofEpochMilli(event.timestamp()), "line:" + channel, identity, details);
        touchpoint.getAttributes().put("lineChannel", channel);
        if (event.deliveryContext() != null && Boolean.TRUE.equals(event.deliveryContext().isRedelivery())) {
            touchpoint.getAttributes().put("redelivery", "true");
        }
        if ("standby".equals(event.mode())) {
            touchpoint.getAttributes().put("lineMode", "standby");
        }
        return touchpoint;
    }

    private static String join(String a, String b) {
        return a == null ? b : b == null ? a : a + "\n" + b;
    }
}
