package io.omniretail.returns.api;

import java.net.URI;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.omniretail.kit.http.ProblemException;
import io.omniretail.returns.api.ReturnViews.LineRequest;
import io.omniretail.returns.api.ReturnViews.ReturnCaseView;
import io.omniretail.returns.api.ReturnViews.ReturnRequest;
import io.omniretail.returns.cases.ReturnAction;
import io.omniretail.returns.cases.ReturnCases;
import io.omniretail.returns.cases.ReturnCases.ActionInput;
import io.omniretail.returns.api.ReturnViews.ExchangeRequest;
import io.omniretail.returns.api.ReturnViews.LabelRequest;
import io.quarkus.security.identity.SecurityIdentity;
import io.omniretail.kit.security.Roles;
import io.omniretail.kit.persistence.audit.PersonalData;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Return cases for store associates and care agents: open a return (checked against the return policy), then
 * approve or reject it, mark the goods received, refund or exchange. Each change and its ReturnCaseEvent are
 * committed in one transaction (outbox); errors are problem+json. Associates open returns, read them, issue labels and
 * mark goods received; approving, rejecting, refunding and exchanging need a manager. Every step records who took it. Reads and requests are recorded in the
 * access audit (ADR 0017).
 */
@Path("/returns")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ASSOCIATE)
public class ReturnResource {

    @Inject
    ReturnCases cases;
    @Inject
    SecurityIdentity identity;

    @PersonalData
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a return for (part of) an order; 422 when the return policy refuses it "
            + "(unknown order, outside the return window, final sale, not on the order, more units than bought)")
    public Uni<Response> request(@Valid @NotNull ReturnRequest request) {
        ReturnRequest valid = validate(request);
        return Panache.withTransaction(() -> cases.request(valid, actor(), Instant.now()))
                .map(view -> Response.created(URI.create("/returns/" + view.returnCaseId())).entity(view).build());
    }

    @RolesAllowed(Roles.MANAGER)
    @POST
    @Path("/{returnCaseId}/approve")
    @Operation(summary = "Approve a REQUESTED return")
    public Uni<ReturnCaseView> approve(@RestPath String returnCaseId) {
        return transition(returnCaseId, ReturnAction.APPROVE, ActionInput.NONE);
    }

    @RolesAllowed(Roles.MANAGER)
    @POST
    @Path("/{returnCaseId}/reject")
    @Operation(summary = "Reject a REQUESTED return, with an optional reason")
    public Uni<ReturnCaseView> reject(@RestPath String returnCaseId, @RestQuery String reason) {
        return transition(returnCaseId, ReturnAction.REJECT, new ActionInput(reason, null, null));
    }

    @POST
    @Path("/{returnCaseId}/label")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Issue the return shipping label of an APPROVED return (its event carries it, for a journey to send)")
    public Uni<ReturnCaseView> label(@RestPath String returnCaseId, @Valid @NotNull LabelRequest label) {
        if (label.trackingNumber() == null && label.url() == null) {
            throw badRequest("a label needs a tracking number or a URL");
        }
        return transition(returnCaseId, ReturnAction.ISSUE_LABEL, new ActionInput(null,
                new ReturnCases.Label(trim(label.carrier()), trim(label.trackingNumber()), trim(label.url())), null));
    }

    @POST
    @Path("/{returnCaseId}/received")
    @Operation(summary = "The goods of an APPROVED return (or one whose label was issued) came back")
    public Uni<ReturnCaseView> received(@RestPath String returnCaseId) {
        return transition(returnCaseId, ReturnAction.RECEIVE, ActionInput.NONE);
    }

    @RolesAllowed(Roles.MANAGER)
    @POST
    @Path("/{returnCaseId}/refund")
    @Operation(summary = "Refund a RECEIVED return (the sum of its lines)")
    public Uni<ReturnCaseView> refund(@RestPath String returnCaseId) {
        return transition(returnCaseId, ReturnAction.REFUND, ActionInput.NONE);
    }

    @RolesAllowed(Roles.MANAGER)
    @POST
    @Path("/{returnCaseId}/exchange")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Close a RECEIVED return with an exchange instead of a refund",
            description = "The replacement lines (with the price of their units) make a replacement order; the difference"
                    + " with the returned lines is what the customer pays, or gets back as a refund. Without lines, the same"
                    + " items are replaced like for like.")
    public Uni<ReturnCaseView> exchange(@RestPath String returnCaseId, @Valid ExchangeRequest exchange) {
        List<ReturnCases.ReplacementLine> lines = exchange == null || exchange.lines() == null ? List.of()
                : exchange.lines().stream().map(line -> new ReturnCases.ReplacementLine(line.sku().trim(), line.quantity(),
                        line.amount())).toList();
        return transition(returnCaseId, ReturnAction.EXCHANGE, new ActionInput(null, null, lines));
    }

    @PersonalData
    @GET
    @Path("/{returnCaseId}")
    @WithSession
    @Operation(summary = "One return case with its lines")
    public Uni<ReturnCaseView> byId(@RestPath String returnCaseId) {
        return cases.find(returnCaseId);
    }

    @PersonalData
    @GET
    @WithSession
    @Operation(summary = "Return cases of a customer and/or an order, newest first")
    public Uni<List<ReturnCaseView>> search(@RestQuery String customerId, @RestQuery String orderId) {
        if (blank(customerId) && blank(orderId)) {
            throw badRequest("query parameter 'customerId' or 'orderId' is required");
        }
        return cases.search(blank(customerId) ? null : customerId, blank(orderId) ? null : orderId);
    }

    private Uni<ReturnCaseView> transition(String returnCaseId, ReturnAction action, ActionInput input) {
        return Panache.withTransaction(() -> cases.transition(returnCaseId, action, input, actor(), Instant.now()));
    }

    /** The logged-in user, recorded on the case's step and its event. */
    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static String trim(String value) {
        return blank(value) ? null : value.trim();
    }

    /** Field bounds are Bean Validation's (ReturnViews); what spans lines is checked here. */
    static ReturnRequest validate(ReturnRequest request) {
        Set<String> currencies = new HashSet<>();
        for (LineRequest line : request.lines()) {
            if (line.currency() != null) {
                currencies.add(line.currency().trim().toUpperCase(Locale.ROOT));
            }
            if (line.amount() != null && line.currency() == null) {
                throw badRequest("a line with an amount needs its currency");
            }
        }
        if (currencies.size() > 1) {
            throw badRequest("all lines must be in one currency, got " + currencies);
        }
        List<LineRequest> lines = request.lines().stream()
                .map(line -> new LineRequest(line.sku().trim(), line.quantity(), line.amount(),
                        line.currency() == null ? null : line.currency().trim().toUpperCase(Locale.ROOT)))
                .toList();
        return new ReturnRequest(request.customerId().trim(), request.orderId().trim(), lines,
                blank(request.reason()) ? null : request.reason().trim());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-return-request", "Invalid return request", detail);
    }
}
