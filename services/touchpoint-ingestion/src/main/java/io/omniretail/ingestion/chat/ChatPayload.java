package io.omniretail.ingestion.chat;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.omniretail.ingestion.edge.CustomerRef;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One event of a chat or contact-centre conversation, as the generic webhook takes it (ADR 0014, README):
 * <pre>
 * {"eventId": "evt-1", "type": "message" | "handoff_requested" | "agent_reply" | "conversation_closed",
 *  "conversationId": "c-42", "occurredAt": "2026-12-01T10:00:00+09:00", "channel": "chat" | "phone" | "email",
 *  "customer": {"email": "...", "phone": "...", "accountId": "...", "locale": "ja-JP", "verified": false},
 *  "message": {"id": "m-1", "text": "..."}, "agent": {"id": "agent-7"}, "reason": "wants a person"}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ChatPayload(@NotBlank @Size(max = 128) String eventId,
        @NotNull @Pattern(regexp = "message|handoff_requested|agent_reply|conversation_closed") String type,
        @NotBlank @Size(max = 128) String conversationId, @NotNull OffsetDateTime occurredAt,
        @Pattern(regexp = "chat|phone|email") String channel, @NotNull @Valid CustomerRef customer, @Valid Message message,
        @Valid Agent agent, @Size(max = 1_024) String reason) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Message(@Size(max = 128) String id, @Size(max = 20_000) String text) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Agent(@Size(max = 128) String id) {
    }
}
