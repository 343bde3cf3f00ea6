package io.omniretail.ingestion.line;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * The parts of a LINE Messaging API webhook that become touchpoints (developers.line.biz, "Webhook event objects").
 * Unknown fields are ignored: LINE adds fields and event types without notice. Bounds are LINE's own limits with
 * room (a text message has at most 5,000 characters, a postback's data 300).
 */
final class LinePayloads {

    private LinePayloads() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Webhook(@Size(max = 64) String destination, @NotNull @Size(max = 100) List<@NotNull @Valid Event> events) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Event(@NotBlank @Size(max = 32) String type, @Size(max = 16) String mode, @NotNull @PositiveOrZero Long timestamp,
            @Valid Source source, @NotBlank @Size(max = 64) String webhookEventId, @Valid DeliveryContext deliveryContext,
            @Valid Message message, @Valid Postback postback, @Valid Link link, @Valid Follow follow) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Source(@Size(max = 16) String type, @Size(max = 64) String userId, @Size(max = 64) String groupId, @Size(max = 64) String roomId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeliveryContext(Boolean isRedelivery) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Message(@Size(max = 64) String id, @Size(max = 32) String type, @Size(max = 20_000) String text,
            @Size(max = 255) String title, @Size(max = 1_024) String address, Double latitude, Double longitude,
            @Size(max = 32) String packageId, @Size(max = 32) String stickerId, @Size(max = 255) String fileName) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Postback(@Size(max = 1_000) String data) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Link(@Size(max = 16) String result, @Size(max = 512) String nonce) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Follow(Boolean isUnblocked) {
    }
}
