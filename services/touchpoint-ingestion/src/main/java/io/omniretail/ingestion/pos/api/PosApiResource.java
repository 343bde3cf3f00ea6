package io.omniretail.ingestion.pos.api;

import java.math.BigDecimal;
import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;

import io.micrometer.core.instrument.MeterRegistry;
import io.omniretail.ingestion.pos.PosTransactionAssembler.Keyed;
import io.omniretail.ingestion.publish.TouchpointPublisher;
import io.omniretail.kit.http.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The POS API, for stores whose POS has no database the platform can capture: sales, returns and loyalty card
 * sign-ups become the touchpoints CDC would give; appointments with the store's advisors and store pickups of online
 * orders (BOPIS) become APPOINTMENT_* and FULFILLMENT_UPDATED touchpoints. Each request is authenticated per store
 * (Authorization: Bearer with one of the store's keys, {@code omniretail.pos-api.keys}, checked by
 * {@link StoreKeyFilter} before the body is read) and carries an Idempotency-Key: the touchpoint id is derived from the
 * store and the key, so a retry is the same event. The answer is 200 only after Kafka acknowledged the touchpoint;
 * 503 with Retry-After otherwise, so the till retries with the same key. Bad requests get problem+json: 400 for a
 * malformed or out-of-bounds body or a missing key, 401 for a missing or wrong store key, 422 for figures that do not
 * add up. A sale that names no customer (no card, e-mail or phone) is answered "ignored": it is nobody's touchpoint.
 */
@PermitAll
@StoreKeyRequired
@Path("/pos/stores/{storeId}")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class PosApiResource {

    @Inject
    PosApiConfig config;
    @Inject
    TouchpointPublisher publisher;
    @Inject
    MeterRegistry meters;

    public record Accepted(String status, String touchpointId, String reason) {
    }

    @POST
    @Path("/sales")
    @Operation(summary = "Record a completed sale (lines, tenders, the identified customer)")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka, or ignored (no customer named)")
    @APIResponse(responseCode = "400", description = "malformed or out-of-bounds body, or no Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong store key (problem+json)")
    @APIResponse(responseCode = "422", description = "the tenders do not add up to the total (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry with the same key (problem+json)")
    public Uni<Accepted> sale(@RestPath String storeId, @RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull PosApiRequests.Sale sale) {
        String key = idempotencyKey(idempotencyKey);
        if (sale.tenders() != null && !sale.tenders().isEmpty()) {
            BigDecimal paid = sale.tenders().stream().map(PosApiRequests.Tender::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (paid.compareTo(sale.total()) != 0) {
                throw unprocessable("tenders-do-not-add-up", "the tenders add up to " + paid.toPlainString() + ", the total is "
                        + sale.total().toPlainString());
            }
        }
        if (!PosApiTouchpoints.identifies(sale.customer())) {
            count("sale", "ignored");
            return Uni.createFrom().item(new Accepted("ignored", null,
                    "no loyalty card, e-mail or phone: an anonymous sale is not a customer touchpoint"));
        }
        return publish("sale", PosApiTouchpoints.sale(storeId, key, sale, config.defaultCountry()));
    }

    @POST
    @Path("/returns")
    @Operation(summary = "Record money given back for (part of) a sale, named by its receipt")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka")
    @APIResponse(responseCode = "400", description = "malformed or out-of-bounds body, or no Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong store key (problem+json)")
    @APIResponse(responseCode = "422", description = "the lines do not add up to the amount (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry with the same key (problem+json)")
    public Uni<Accepted> returned(@RestPath String storeId, @RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull PosApiRequests.Return returned) {
        String key = idempotencyKey(idempotencyKey);
        BigDecimal lines = returned.lines().stream().map(PosApiRequests.ReturnLine::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (lines.compareTo(returned.amount()) != 0) {
            throw unprocessable("lines-do-not-add-up", "the returned lines add up to " + lines.toPlainString() + ", the amount is "
                    + returned.amount().toPlainString());
        }
        return publish("return", PosApiTouchpoints.returned(storeId, key, returned));
    }

    @POST
    @Path("/members")
    @Operation(summary = "Sign a customer up at the till (loyalty card, contact details, marketing choices)")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka")
    @APIResponse(responseCode = "400", description = "malformed or out-of-bounds body, or no Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong store key (problem+json)")
    @APIResponse(responseCode = "422", description = "no loyalty card, e-mail or phone (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry with the same key (problem+json)")
    public Uni<Accepted> member(@RestPath String storeId, @RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull PosApiRequests.Member member) {
        String key = idempotencyKey(idempotencyKey);
        if (!PosApiTouchpoints.identifies(member)) {
            throw unprocessable("no-identifier", "a member needs a loyalty card, an e-mail or a phone");
        }
        return publish("member", PosApiTouchpoints.member(storeId, key, member, config.defaultCountry(), Instant.now()));
    }

    @POST
    @Path("/appointments")
    @Operation(summary = "Record an appointment with an advisor of the store: booked, moved, cancelled, attended or missed")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka")
    @APIResponse(responseCode = "400", description = "malformed or out-of-bounds body, or no Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong store key (problem+json)")
    @APIResponse(responseCode = "422", description = "no loyalty card, e-mail or phone, or it ends before it starts (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry with the same key (problem+json)")
    public Uni<Accepted> appointment(@RestPath String storeId, @RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull PosApiRequests.Appointment appointment) {
        String key = idempotencyKey(idempotencyKey);
        if (!PosApiTouchpoints.identifies(appointment.customer())) {
            throw unprocessable("no-identifier", "an appointment's customer needs a loyalty card, an e-mail or a phone");
        }
        if (appointment.endsAt() != null && !appointment.endsAt().isAfter(appointment.startsAt())) {
            throw new ProblemException(422, "ends-before-it-starts", "Appointment ends before it starts",
                    "endsAt " + appointment.endsAt() + " is not after startsAt " + appointment.startsAt());
        }
        return publish("appointment", PosApiTouchpoints.appointment(storeId, key, appointment, config.defaultCountry()));
    }

    @POST
    @Path("/pickups")
    @Operation(summary = "Record a store pickup (BOPIS) of an order placed online: ready, picked up or cancelled")
    @APIResponse(responseCode = "200", description = "accepted and durably written to Kafka")
    @APIResponse(responseCode = "400", description = "malformed or out-of-bounds body, or no Idempotency-Key (problem+json)")
    @APIResponse(responseCode = "401", description = "missing or wrong store key (problem+json)")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge in time; retry with the same key (problem+json)")
    public Uni<Accepted> pickup(@RestPath String storeId, @RestHeader("Idempotency-Key") String idempotencyKey, @Valid @NotNull PosApiRequests.Pickup pickup) {
        String key = idempotencyKey(idempotencyKey);
        return publish("pickup", PosApiTouchpoints.pickup(storeId, key, pickup));
    }

    private Uni<Accepted> publish(String kind, Keyed keyed) {
        return TouchpointPublisher.within(publisher.publish(keyed.key(), keyed.touchpoint()), config.publishTimeout())
                .onFailure().invoke(() -> count(kind, "unavailable"))
                .invoke(() -> count(kind, "accepted"))
                .replaceWith(new Accepted("accepted", keyed.touchpoint().getTouchpointId(), null));
    }

    /** The request's Idempotency-Key (the store key was checked before the body was read: StoreKeyFilter). */
    private static String idempotencyKey(String idempotencyKey) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > 128) {
            throw new ProblemException(400, "missing-idempotency-key", "Missing Idempotency-Key",
                    "every request carries an Idempotency-Key (up to 128 characters) that its retries repeat");
        }
        return idempotencyKey.trim();
    }

    private ProblemException unprocessable(String slug, String detail) {
        return new ProblemException(422, slug, "Unprocessable request", detail);
    }

    private void count(String kind, String outcome) {
        meters.counter("omniretail.pos.api", "kind", kind, "outcome", outcome).increment();
    }
}
