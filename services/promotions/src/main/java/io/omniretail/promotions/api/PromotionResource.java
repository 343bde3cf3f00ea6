package io.omniretail.promotions.api;

import java.time.Instant;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.promotions.api.Views.CouponView;
import io.omniretail.promotions.coupon.Coupon;
import io.omniretail.promotions.coupon.CouponCodes;
import io.omniretail.kit.security.Roles;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Coupons for associates and care agents. Read-only: coupons come from events. Associates and up, each read recorded
 * in the access audit (ADR 0017). Campaigns are {@link CampaignResource}'s.
 */
@Path("/promotions")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
public class PromotionResource {

    @PersonalData
    @GET
    @Path("/customers/{customerId}/coupons")
    @WithSession
    @Operation(summary = "A customer's coupons, oldest first (empty when the customer has none)")
    public Uni<List<CouponView>> coupons(@RestPath String customerId) {
        Instant now = Instant.now();
        return Coupon.<Coupon>list("customerId = ?1 order by issuedAt, code", customerId)
                .map(coupons -> coupons.stream().map(coupon -> Views.coupon(coupon, now)).toList());
    }

    @PersonalData
    @GET
    @Path("/coupons/{code}")
    @WithSession
    @Operation(summary = "One coupon by its code, as typed (case and look-alike characters are forgiven)")
    public Uni<CouponView> coupon(@RestPath String code) {
        String normalized = CouponCodes.normalize(code);
        return Coupon.<Coupon>findById(normalized)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "coupon-not-found", "Coupon not found",
                        "no coupon with code " + code))
                .map(coupon -> Views.coupon(coupon, Instant.now()));
    }
}
