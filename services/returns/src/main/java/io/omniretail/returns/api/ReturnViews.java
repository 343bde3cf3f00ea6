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

    public record LineRequest(@NotBlank @Size(max = 255) String sku, @NotNull @Positive @Max(100_000) Integer quantity,
            @NotNull @DecimalMin("0") @Digits(integer = 14, fraction = 4) BigDecimal amount,
            @NotBlank @Pattern(regexp = "\\s*[A-Za-z]{3}\\s*") String currency) {
    }

    public record ReturnCaseView(String returnCaseId, String customerId, String orderId, String origin, String status,
            String reason, String rejectionReason, BigDecimal refundAmount, String currency, List<LineView> lines,
            List<String> nextActions, Instant openedAt, Instant updatedAt, String sourceReturnId, String labelUrl,
            String trackingNumber) implements AboutCustomer {
    }

    public record LineView(String sku, int quantity, BigDecimal amount, String currency) {
    }
}
