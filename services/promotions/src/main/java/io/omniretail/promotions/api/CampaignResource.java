package io.omniretail.promotions.api;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.omniretail.events.promotion.DiscountKind;
import io.omniretail.kit.http.Problem;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.rules.RuleException;
import io.omniretail.kit.security.Roles;
import io.omniretail.promotions.api.Views.CampaignView;
import io.omniretail.promotions.campaign.Campaign;
import io.omniretail.promotions.campaign.CampaignChannel;
import io.omniretail.promotions.campaign.CampaignKind;
import io.omniretail.promotions.campaign.CampaignTargeting;
import io.omniretail.promotions.campaign.Targets;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Campaigns as data through the API: admins create, pause and resume them; managers read them and their results. A
 * campaign's terms never change once coupons are out (create a new one instead); only whether it runs does. Targets
 * are CEL over the profile, checked when the campaign is created (400 naming the position).
 */
@Path("/promotions/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "campaigns")
@RolesAllowed(Roles.MANAGER)
public class CampaignResource {

    /** The dates a campaign may name: beyond them is a typo, and beyond PostgreSQL's range an error. */
    static final Instant EARLIEST = Instant.parse("2000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    @Inject
    CampaignTargeting targeting;
    @Inject
    SecurityIdentity identity;

    /** What a campaign's coupons give: a percentage or an amount off, with their codes' prefix and validity. */
    public record CouponTemplate(@NotBlank @Pattern(regexp = "[A-Z0-9]{2,6}") String codePrefix, @NotNull DiscountKind discountKind,
            @NotNull @Positive @Digits(integer = 14, fraction = 4) BigDecimal discountValue,
            @Pattern(regexp = "[A-Z]{3}") String currency, @Positive @Max(3660) Integer validityDays) {
    }

    public record CampaignRequest(@NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,62}") String campaignId,
            @NotBlank @Size(max = 200) String name, @NotNull CampaignKind kind, @Size(max = 4000) String target,
            CampaignChannel channel, Instant startsAt, Instant endsAt, @Positive Integer perCustomerCap,
            @Positive Integer maxCodes, @Positive @Digits(integer = 14, fraction = 4) BigDecimal budget,
            @NotNull @Valid CouponTemplate coupon) {
    }

    public record Revenue(String currency, BigDecimal amount) {
    }

    /** What a campaign did: coupons out, used (online, in store), refused uses by reason, and the orders' revenue. */
    public record CampaignResults(String campaignId, long issued, long revoked, long redeemed, long redeemedOnline,
            long redeemedInStore, Map<String, Long> refused, List<Revenue> revenue, Integer codesLeft, Instant launchedAt) {
    }

    @GET
    @WithSession
    @Operation(summary = "Every campaign, active or not")
    public Uni<List<CampaignView>> campaigns() {
        return Campaign.<Campaign>listAll(Sort.by("id")).map(campaigns -> campaigns.stream().map(Views::campaign).toList());
    }

    @GET
    @Path("/{campaignId}")
    @WithSession
    @Operation(summary = "One campaign")
    public Uni<CampaignView> campaign(@RestPath String campaignId) {
        return existing(campaignId).map(Views::campaign);
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a campaign",
            description = "TARGETED campaigns issue one coupon to each customer whose profile the CEL target accepts while"
                    + " the campaign runs (from startsAt, or at once); OFFER campaigns are issued by journeys' offer steps;"
                    + " WELCOME campaigns on a first purchase.")
    @APIResponse(responseCode = "201", description = "The campaign",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CampaignView.class)))
    @APIResponse(responseCode = "400", description = "An invalid field or target (with the position in the expression)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "A campaign with this id exists",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Uni<Response> create(@Valid @NotNull CampaignRequest request) {
        Campaign campaign = campaignOf(request);
        campaign.createdBy = identity.getPrincipal().getName();
        return Panache.withTransaction(() -> Campaign.<Campaign>findById(campaign.id).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ProblemException(409, "campaign-exists", "Campaign exists",
                        "campaign " + campaign.id + " exists; its terms never change once coupons are out, so create another"));
            }
            return campaign.<Campaign>persist();
        })).invoke(targeting::changed).map(created -> Response.status(201).entity(Views.campaign(created)).build());
    }

    @POST
    @Path("/{campaignId}/pause")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Stop issuing coupons (those out stay valid)")
    public Uni<CampaignView> pause(@RestPath String campaignId) {
        return setActive(campaignId, false);
    }

    @POST
    @Path("/{campaignId}/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Issue coupons again")
    public Uni<CampaignView> resume(@RestPath String campaignId) {
        return setActive(campaignId, true);
    }

    @GET
    @Path("/{campaignId}/results")
    @WithSession
    @Operation(summary = "Coupons issued, revoked and redeemed (online, in store), refused uses, and the revenue of the orders that redeemed them")
    public Uni<CampaignResults> results(@RestPath String campaignId) {
        return existing(campaignId).chain(campaign -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FILTER (WHERE revoked_at IS NOT NULL),
                               count(*) FILTER (WHERE redeemed_at IS NOT NULL), count(*) FILTER (WHERE redeemed_channel = 'ONLINE'),
                               count(*) FILTER (WHERE redeemed_channel = 'STORE')
                        FROM coupon WHERE campaign_id = ?1""", Object[].class).setParameter(1, campaignId).getSingleResult()
                .chain(counts -> session.createNativeQuery("""
                                SELECT redeemed_currency, sum(redeemed_amount) FROM coupon
                                WHERE campaign_id = ?1 AND redeemed_at IS NOT NULL AND redeemed_currency IS NOT NULL
                                GROUP BY redeemed_currency ORDER BY redeemed_currency""", Object[].class)
                        .setParameter(1, campaignId).getResultList()
                        .chain(revenue -> session.createNativeQuery("""
                                        SELECT r.reason, count(*) FROM coupon_refusal r JOIN coupon c ON c.code = r.code
                                        WHERE c.campaign_id = ?1 GROUP BY r.reason""", Object[].class)
                                .setParameter(1, campaignId).getResultList()
                                .map(refused -> results(campaign, counts, revenue, refused))))));
    }

    private static CampaignResults results(Campaign campaign, Object[] counts, List<Object[]> revenue, List<Object[]> refused) {
        Map<String, Long> refusals = new TreeMap<>();
        refused.forEach(row -> refusals.put((String) row[0], n(row[1])));
        List<Revenue> revenues = new ArrayList<>();
        revenue.forEach(row -> revenues.add(new Revenue((String) row[0], (BigDecimal) row[1])));
        return new CampaignResults(campaign.id, n(counts[0]), n(counts[1]), n(counts[2]), n(counts[3]), n(counts[4]), refusals,
                revenues, campaign.codesLeft(), campaign.launchedAt);
    }

    private Uni<CampaignView> setActive(String campaignId, boolean active) {
        return Panache.withTransaction(() -> existing(campaignId).invoke(campaign -> campaign.active = active))
                .invoke(targeting::changed).map(Views::campaign);
    }

    private static Uni<Campaign> existing(String campaignId) {
        return Campaign.<Campaign>findById(campaignId)
                .onItem().ifNull().failWith(() -> new ProblemException(404, "campaign-not-found", "Campaign not found",
                        "no campaign " + campaignId));
    }

    /** The campaign a valid request describes; 400 for what Bean Validation cannot see (fields that go together, the target). */
    static Campaign campaignOf(CampaignRequest request) {
        CouponTemplate coupon = request.coupon();
        if ((request.kind() == CampaignKind.TARGETED) != (request.target() != null && !request.target().isBlank())) {
            throw invalid("target", "a TARGETED campaign needs a target, and only a TARGETED campaign has one");
        }
        if (coupon.discountKind() == DiscountKind.PERCENT && coupon.discountValue().compareTo(BigDecimal.valueOf(100)) > 0) {
            throw invalid("coupon.discountValue", "a percentage is at most 100");
        }
        if ((coupon.discountKind() == DiscountKind.FIXED_AMOUNT) != (coupon.currency() != null)) {
            throw invalid("coupon.currency", "an amount off needs its currency, and a percentage has none");
        }
        if (coupon.discountKind() != DiscountKind.PERCENT && coupon.discountKind() != DiscountKind.FIXED_AMOUNT) {
            throw invalid("coupon.discountKind", "PERCENT or FIXED_AMOUNT");
        }
        if (request.budget() != null && coupon.discountKind() != DiscountKind.FIXED_AMOUNT) {
            throw invalid("budget", "a budget caps amounts off; a percentage campaign limits its codes with maxCodes");
        }
        for (Instant at : java.util.Arrays.asList(request.startsAt(), request.endsAt())) {
            if (at != null && (at.isBefore(EARLIEST) || at.isAfter(LATEST))) {
                throw invalid(at.equals(request.startsAt()) ? "startsAt" : "endsAt", "a date between " + EARLIEST + " and " + LATEST);
            }
        }
        if (request.startsAt() != null && request.endsAt() != null && !request.startsAt().isBefore(request.endsAt())) {
            throw invalid("endsAt", "a campaign ends after it starts");
        }
        if (request.kind() == CampaignKind.TARGETED) {
            try {
                Targets.compile(request.target());
            } catch (RuleException e) {
                throw invalid("target", e.getMessage() + " (line " + e.line() + ", column " + e.column() + ")");
            }
        }
        Campaign campaign = new Campaign();
        campaign.id = request.campaignId();
        campaign.name = request.name().strip();
        campaign.kind = request.kind();
        campaign.target = request.kind() == CampaignKind.TARGETED ? request.target().strip() : null;
        campaign.channel = request.channel() == null ? CampaignChannel.ANY : request.channel();
        campaign.startsAt = request.startsAt();
        campaign.endsAt = request.endsAt();
        campaign.perCustomerCap = request.perCustomerCap();
        campaign.maxCodes = request.maxCodes();
        campaign.budget = request.budget();
        campaign.codePrefix = coupon.codePrefix();
        campaign.discountKind = coupon.discountKind().name();
        campaign.discountValue = coupon.discountValue();
        campaign.discountCurrency = coupon.currency();
        campaign.validityDays = coupon.validityDays();
        campaign.active = true;
        campaign.createdAt = Instant.now();
        return campaign;
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(400, "invalid-campaign", "Invalid campaign", field + ": " + detail);
    }

    private static long n(Object value) {
        return ((Number) value).longValue();
    }
}
