package io.omniretail.ingestion.pos.api;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** What a store's POS sends (POST /pos/stores/{storeId}/...), with the bounds the platform accepts. */
public final class PosApiRequests {

    private PosApiRequests() {
    }

    /** A completed sale: its receipt, lines, how it was paid and who bought (if the customer identified). */
    public record Sale(@NotBlank @Size(max = 64) String receiptNo, @NotNull OffsetDateTime soldAt,
            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal total,
            @Valid Member customer,
            @NotEmpty @Size(max = 1_000) List<@NotNull @Valid Line> lines,
            @Size(max = 20) List<@NotNull @Valid Tender> tenders,
            @Size(max = 20) List<@NotBlank @Size(max = 64) String> couponCodes) {
    }

    public record Line(@NotBlank @Size(max = 255) String sku, @Size(max = 1_024) String title,
            @NotNull @Min(1) @Max(1_000_000) Integer quantity,
            @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal unitPrice,
            @Size(max = 255) String category) {
    }

    public enum TenderMethod {
        CASH, CARD, QR_CODE, GIFT_CARD, POINTS, OTHER
    }

    public record Tender(@NotNull TenderMethod method, @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal amount) {
    }

    /** Money back for (part of) a sale, named by its receipt. */
    public record Return(@NotBlank @Size(max = 64) String receiptNo, @NotNull OffsetDateTime returnedAt,
            @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
            @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin(value = "0", inclusive = false) BigDecimal amount,
            @NotEmpty @Size(max = 1_000) List<@NotNull @Valid ReturnLine> lines, @Size(max = 2_000) String reason) {
    }

    public record ReturnLine(@NotBlank @Size(max = 255) String sku, @NotNull @Min(1) @Max(1_000_000) Integer quantity,
            @NotNull @Digits(integer = 14, fraction = 4) @DecimalMin("0") BigDecimal amount) {
    }

    public enum AppointmentState {
        BOOKED, MOVED, CANCELLED, ATTENDED, NO_SHOW
    }

    /** An appointment with an advisor of the store, each change of it sent again under its id. */
    public record Appointment(@NotBlank @Size(max = 128) String appointmentId, @NotNull AppointmentState status,
            @NotNull OffsetDateTime startsAt, OffsetDateTime endsAt, @NotBlank @Size(max = 255) String service,
            @Size(max = 255) String advisor, @NotNull @Valid Member customer) {
    }

    /** Where an order picked up in store (BOPIS) stands: ready at the counter, collected, or given up. */
    public enum PickupState {
        READY, PICKED_UP, CANCELLED
    }

    /** A pickup of an order placed elsewhere (online): named by the order's id as the platform knows it. */
    public record Pickup(@NotBlank @Size(max = 128) String pickupId, @NotBlank @Size(max = 128) String orderId,
            @NotNull PickupState status, @NotNull OffsetDateTime at,
            @Size(max = 1_000) List<@NotNull @Valid PickupLine> lines) {
    }

    public record PickupLine(@NotBlank @Size(max = 255) String sku, @NotNull @Min(1) @Max(1_000_000) Integer quantity) {
    }

    /**
     * A customer as the till knows them: a loyalty card handed over, or details given at sign-up, with their
     * marketing choices (null: not asked).
     */
    public record Member(@Size(max = 64) String loyaltyCard, @Email @Size(max = 320) String email, @Size(max = 64) String phone,
            @Size(max = 255) String firstName, @Size(max = 255) String lastName, @Size(max = 35) String locale,
            LocalDate birthDate, Boolean emailMarketing, Boolean smsMarketing) {
    }
}
