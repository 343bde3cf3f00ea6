package io.omniretail.returns.api;

import io.omniretail.kit.persistence.audit.AboutCustomer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** JSON bodies of the returns API. */
public final class ReturnViews {

    private ReturnViews() {
    }

    /** POST /returns: an associate opens a return for (part of) an order. Bounds answer 400 problem+json. */
    public record ReturnRequest(@NotBlank @Size(max = 64) String customerId, @NotBlank @Size(max = 128) String orderId,
            @NotEmpty @Size(max = 500) List<@NotNull @Valid LineRequest> lines, @Size(max = 2_000) String reason) {
    }

    /** A returned line; without an amount (and currency) it is worth what was paid for its units. */
    public record LineRequest(@NotBlank @Size(max = 255) String sku, @NotNull @Positive @Max(100_000) Integer quantity,
            @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal amount,
            @Pattern(regexp = "\\s*[A-Za-z]{3}\\s*") String currency) {
    }

    /** POST /returns/{id}/label: the return shipping label sent to the customer. */
    public record LabelRequest(@Size(max = 64) String carrier, @Size(max = 64) String trackingNumber,
            @Size(max = 2_000) @Pattern(regexp = "https://\\S+") String url) {
    }

    /** POST /returns/{id}/exchange: the replacement order's lines, each with the price of its units. */
    public record ExchangeRequest(@Size(max = 500) List<@NotNull @Valid ReplacementRequest> lines) {
    }

    public record ReplacementRequest(@NotBlank @Size(max = 255) String sku, @NotNull @Positive @Max(100_000) Integer quantity,
            @NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal amount) {
    }

    /** One step of a case: the status it reached, who took it (null: the source) and when. */
    public record StepView(String status, String actor, String note, Instant at) {
    }

    public record ExchangeView(String replacementOrderId, List<LineView> lines, BigDecimal priceDifference) {
    }

    public record ReturnCaseView(String returnCaseId, String customerId, String orderId, String origin, String status,
            String reason, String rejectionReason, BigDecimal refundAmount, String currency, List<LineView> lines,
            List<String> nextActions, Instant openedAt, Instant updatedAt, String sourceReturnId, String labelUrl,
            String trackingNumber, String carrier, ExchangeView exchange, List<StepView> steps) implements AboutCustomer {
    }

    public record LineView(String sku, int quantity, BigDecimal amount, String currency) {
    }
}
