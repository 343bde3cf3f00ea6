package io.omniretail.ingestion.survey;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import io.omniretail.ingestion.edge.CustomerRef;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One survey or review response, as the generic survey webhook takes it (ADR 0014, README):
 * <pre>
 * {"responseId": "r-1", "surveyId": "post-purchase-nps", "kind": "nps" | "csat" | "review" | "other",
 *  "score": 9, "scaleMax": 10, "comment": "...", "orderId": "5550001", "productSku": "TEE-1", "storeId": "store-042",
 *  "respondedAt": "2026-12-01T10:00:00Z", "channel": "email" | "web" | "app" | "sms" | "line",
 *  "customer": {"email": "...", "phone": "...", "accountId": "...", "verified": false}}
 * </pre>
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SurveyPayload(@NotBlank @Size(max = 128) String responseId, @NotBlank @Size(max = 128) String surveyId,
        @NotNull @Pattern(regexp = "nps|csat|review|other") String kind, @Min(0) @Max(100) Integer score,
        @Min(1) @Max(100) Integer scaleMax, @Size(max = 20_000) String comment, @Size(max = 128) String orderId,
        @Size(max = 128) String productSku, @Size(max = 64) String storeId, @NotNull OffsetDateTime respondedAt,
        @Pattern(regexp = "email|web|app|sms|line") String channel, @NotNull @Valid CustomerRef customer) {
}
