package io.omniretail.ingestion.chat;

import io.omniretail.events.touchpoint.MessageDetails;
import io.omniretail.events.touchpoint.MessageDirection;
import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.Conversations;
import io.omniretail.ingestion.edge.InboundWebhooks.Keyed;
import io.omniretail.ingestion.edge.UnmappablePayload;

/**
 * A chat or contact-centre event to a touchpoint in the conversation {@code chat:<provider>:<conversationId>}, which
 * is also its partition key (one conversation in order): the customer's message is MESSAGE_RECEIVED, a request for a
 * person HANDOFF_REQUESTED (its reason as the text), an agent's answer MESSAGE_SENT (outbound, with the agent), the
 * end CONVERSATION_CLOSED. Ids derive from the provider and its eventId.
 */
public final class ChatMapper {

    private ChatMapper() {
    }

    public static Keyed map(String provider, ChatPayload chat) throws UnmappablePayload {
        if (!chat.customer().names()) {
            throw new UnmappablePayload("customer needs an email, a phone or an accountId");
        }
        String text = chat.message() == null ? null : chat.message().text();
        if (chat.type().equals("message") || chat.type().equals("agent_reply")) {
            if (text == null || text.isBlank()) {
                throw new UnmappablePayload("message.text is required for " + chat.type());
            }
        }
        TouchpointType type = switch (chat.type()) {
            case "message" -> TouchpointType.MESSAGE_RECEIVED;
            case "handoff_requested" -> TouchpointType.HANDOFF_REQUESTED;
            case "agent_reply" -> TouchpointType.MESSAGE_SENT;
            default -> TouchpointType.CONVERSATION_CLOSED;
        };
        MessageKind kind = switch (type) {
            case MESSAGE_RECEIVED -> MessageKind.TEXT;
            case HANDOFF_REQUESTED -> MessageKind.HANDOFF_REQUEST;
            case MESSAGE_SENT -> MessageKind.AGENT_REPLY;
            default -> MessageKind.CLOSED;
        };
        String conversation = "chat:" + provider + ":" + chat.conversationId();
        MessageDetails message = MessageDetails.newBuilder()
                .setConversationId(conversation)
                .setMessageId(chat.message() == null ? null : chat.message().id())
                .setDirection(type == TouchpointType.MESSAGE_SENT ? MessageDirection.OUTBOUND : MessageDirection.INBOUND)
                .setKind(kind)
                .setText(text != null ? text : chat.reason())
                .setAgentId(chat.agent() == null ? null : chat.agent().id())
                .build();
        TouchpointChannel channel = switch (chat.channel() == null ? "chat" : chat.channel()) {
            case "phone" -> TouchpointChannel.PHONE;
            case "email" -> TouchpointChannel.EMAIL;
            default -> TouchpointChannel.CHAT;
        };
        Touchpoint.Builder touchpoint = Conversations.touchpoint("chat", provider + ":" + chat.eventId(), type, channel,
                chat.occurredAt().toInstant(), "chat:" + provider, chat.customer().hints(), message);
        touchpoint.getAttributes().put("chatProvider", provider);
        return new Keyed(conversation, touchpoint.build());
    }
}
