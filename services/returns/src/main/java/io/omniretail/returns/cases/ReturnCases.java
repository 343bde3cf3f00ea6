package io.omniretail.returns.cases;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.returns.api.ReturnViews.LineRequest;
import io.omniretail.returns.api.ReturnViews.LineView;
import io.omniretail.returns.api.ReturnViews.ReturnCaseView;
import io.omniretail.returns.api.ReturnViews.ReturnRequest;
import io.omniretail.returns.policy.ReturnPolicy.OrderFacts;
import io.omniretail.returns.policy.ReturnPolicy.RequestedLine;
import io.omniretail.returns.policy.ReturnPolicy.Violation;
import io.omniretail.returns.policy.ReturnPolicy;
import io.omniretail.returns.policy.ReturnRules;
import io.omniretail.returns.purchases.Purchase;
import io.omniretail.returns.purchases.PurchaseLine;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/**
 * The associates' side of return cases. Every method runs inside the caller's transaction: a state change and
 * its ReturnCaseEvent (through the outbox) commit together or not at all.
 */
@ApplicationScoped
public class ReturnCases {

    @Inject
    Outbox outbox;
    @Inject
    ReturnRules rules;

    /** Opens a REQUESTED case after the policy accepted it, or fails with a 422 problem naming the rule. */
    public Uni<ReturnCaseView> request(ReturnRequest request, Instant now) {
        List<RequestedLine> requested = request.lines().stream()
                .map(line -> new RequestedLine(line.sku().trim(), line.quantity())).toList();
        // the lock serialises concurrent requests for one order, so two cannot return the same units
        return Purchase.<Purchase>findById(request.orderId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(purchase -> orderFacts(purchase).chain(order -> alreadyReturned(request.orderId()).chain(returned -> {
                    ReturnPolicy policy = rules.policy();
                    Optional<Violation> violation = policy.check(request.customerId(), request.orderId(), order, requested, returned, now);
                    if (violation.isPresent()) {
                        Violation v = violation.get();
                        return Uni.createFrom().<ReturnCaseView>failure(new ProblemException(422, v.code(), v.title(), v.detail()));
                    }
                    return open(request, now);
                })));
    }

    private Uni<ReturnCaseView> open(ReturnRequest request, Instant now) {
        String currency = request.lines().get(0).currency().trim();
        ReturnCase returnCase = new ReturnCase();
        returnCase.id = UUID.randomUUID().toString();
        returnCase.customerId = request.customerId();
        returnCase.orderId = request.orderId();
        returnCase.origin = ReturnOrigin.ASSOCIATE.name();
        returnCase.status = ReturnStatus.REQUESTED.name();
        returnCase.reason = request.reason();
        returnCase.currency = currency;
        returnCase.openedAt = now;
        returnCase.updatedAt = now;
        EventMetadata metadata = ReturnEvents.first(returnCase, now);
        List<ReturnCaseLine> lines = new ArrayList<>();
        int lineNo = 0;
        for (LineRequest line : request.lines()) {
            lines.add(ReturnCaseLine.of(returnCase.id, ++lineNo, line.sku().trim(), line.quantity(),
                    line.amount().setScale(4, RoundingMode.HALF_UP), currency));
        }
        return insert(returnCase, lines)
                .chain(() -> outbox.enqueue(Topics.RETURNS_EVENTS, returnCase.customerId, ReturnEvents.of(returnCase, lines, metadata)))
                .map(ignored -> view(returnCase, lines));
    }

    /** Applies an associate's action; 404 for an unknown case, 409 when the status does not allow it. */
    public Uni<ReturnCaseView> transition(String returnCaseId, ReturnAction action, String reason, Instant now) {
        return ReturnCase.<ReturnCase>findById(returnCaseId, LockModeType.PESSIMISTIC_WRITE)
                .onItem().ifNull().failWith(() -> notFound(returnCaseId))
                .chain(returnCase -> {
                    ReturnStatus from = returnCase.currentStatus();
                    if (!ReturnStateMachine.allows(from, action)) {
                        return Uni.createFrom().<ReturnCaseView>failure(new ProblemException(409, "invalid-transition",
                                "Invalid transition", new InvalidTransitionException(from, action).getMessage()));
                    }
                    ReturnStatus to = ReturnStateMachine.next(from, action);
                    return linesOf(returnCaseId).chain(lines -> {
                        returnCase.status = to.name();
                        if (to == ReturnStatus.REJECTED) {
                            returnCase.rejectionReason = reason == null || reason.isBlank() ? "rejected by associate" : reason.trim();
                        }
                        if (to == ReturnStatus.REFUNDED) {
                            returnCase.refundAmount = lines.stream().map(line -> line.amount)
                                    .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(4, RoundingMode.HALF_UP);
                        }
                        EventMetadata metadata = ReturnEvents.next(returnCase, now);
                        returnCase.updatedAt = now;
                        return outbox.enqueue(Topics.RETURNS_EVENTS, returnCase.customerId, ReturnEvents.of(returnCase, lines, metadata))
                                .map(ignored -> view(returnCase, lines));
                    });
                });
    }

    public Uni<ReturnCaseView> find(String returnCaseId) {
        return ReturnCase.<ReturnCase>findById(returnCaseId)
                .onItem().ifNull().failWith(() -> notFound(returnCaseId))
                .chain(returnCase -> linesOf(returnCaseId).map(lines -> view(returnCase, lines)));
    }

    /** Cases of a customer and/or an order, newest first. */
    public Uni<List<ReturnCaseView>> search(String customerId, String orderId) {
        Uni<List<ReturnCase>> cases;
        if (customerId != null && orderId != null) {
            cases = ReturnCase.list("customerId = ?1 and orderId = ?2 order by openedAt desc, id", customerId, orderId);
        } else if (customerId != null) {
            cases = ReturnCase.list("customerId = ?1 order by openedAt desc, id", customerId);
        } else {
            cases = ReturnCase.list("orderId = ?1 order by openedAt desc, id", orderId);
        }
        return cases.chain(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(List.<ReturnCaseView>of());
            }
            List<String> ids = found.stream().map(c -> c.id).toList();
            return ReturnCaseLine.<ReturnCaseLine>list("key.returnCaseId in ?1 order by key.returnCaseId, key.lineNo", ids)
                    .map(lines -> {
                        Map<String, List<ReturnCaseLine>> byCase = lines.stream()
                                .collect(Collectors.groupingBy(line -> line.key.returnCaseId()));
                        return found.stream().map(c -> view(c, byCase.getOrDefault(c.id, List.of()))).toList();
                    });
        });
    }

    private static Uni<OrderFacts> orderFacts(Purchase purchase) {
        if (purchase == null) {
            return Uni.createFrom().nullItem();
        }
        return PurchaseLine.<PurchaseLine>list("key.orderId = ?1", purchase.orderId).map(lines -> {
            Map<String, Integer> quantities = new HashMap<>();
            for (PurchaseLine line : lines) {
                quantities.merge(line.sku, line.quantity, Integer::sum);
            }
            return new OrderFacts(purchase.orderId, purchase.customerId, purchase.placedAt, quantities);
        });
    }

    /** Units per SKU already in cases of the order that were not rejected (source refunds included). */
    private static Uni<Map<String, Integer>> alreadyReturned(String orderId) {
        return ReturnCase.<ReturnCase>list("orderId = ?1 and status <> ?2", orderId, ReturnStatus.REJECTED.name())
                .chain(cases -> {
                    if (cases.isEmpty()) {
                        return Uni.createFrom().item(Map.<String, Integer>of());
                    }
                    List<String> ids = cases.stream().map(c -> c.id).toList();
                    return ReturnCaseLine.<ReturnCaseLine>list("key.returnCaseId in ?1", ids).map(lines -> {
                        Map<String, Integer> returned = new HashMap<>();
                        for (ReturnCaseLine line : lines) {
                            returned.merge(line.sku, line.quantity, Integer::sum);
                        }
                        return returned;
                    });
                });
    }

    public static Uni<List<ReturnCaseLine>> linesOf(String returnCaseId) {
        return ReturnCaseLine.list("key.returnCaseId = ?1 order by key.lineNo", returnCaseId);
    }

    static ReturnCaseView view(ReturnCase returnCase, List<ReturnCaseLine> lines) {
        return new ReturnCaseView(returnCase.id, returnCase.customerId, returnCase.orderId, returnCase.origin,
                returnCase.status, returnCase.reason, returnCase.rejectionReason, returnCase.refundAmount,
                returnCase.currency,
                lines.stream().map(line -> new LineView(line.sku, line.quantity, line.amount, line.currency)).toList(),
                ReturnStateMachine.actionsFrom(returnCase.currentStatus()).stream().map(Enum::name).toList(),
                returnCase.openedAt, returnCase.updatedAt, returnCase.sourceReturnId, returnCase.labelUrl, returnCase.trackingNumber);
    }

    private static ProblemException notFound(String returnCaseId) {
        return new ProblemException(404, "return-case-not-found", "Return case not found", "no return case " + returnCaseId);
    }

    /** A new case and its lines in one batch of inserts (a refund may have a thousand lines). */
    public static Uni<Void> insert(ReturnCase returnCase, List<ReturnCaseLine> lines) {
        List<Object> rows = new ArrayList<>(lines.size() + 1);
        rows.add(returnCase);
        rows.addAll(lines);
        return Panache.getSession().chain(session -> session.persistAll(rows.toArray()));
    }
}
