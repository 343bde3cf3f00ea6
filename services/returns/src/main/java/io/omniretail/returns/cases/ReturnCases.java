package io.omniretail.returns.cases;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.returns.ReturnOrigin;
import io.omniretail.events.returns.ReturnStatus;
import io.omniretail.kit.http.ProblemException;
import io.omniretail.kit.persistence.Outbox;
import io.omniretail.returns.api.ReturnViews.LineRequest;
import io.omniretail.returns.api.ReturnViews.ExchangeView;
import io.omniretail.returns.api.ReturnViews.LineView;
import io.omniretail.returns.api.ReturnViews.StepView;
import io.omniretail.returns.api.ReturnViews.ReturnCaseView;
import io.omniretail.returns.api.ReturnViews.ReturnRequest;
import io.omniretail.returns.policy.ReturnPolicy.BoughtLine;
import io.omniretail.returns.policy.ReturnPolicy.Decision;
import io.omniretail.returns.policy.ReturnPolicy.OrderFacts;
import io.omniretail.returns.policy.ReturnPolicy.RequestedLine;
import io.omniretail.returns.policy.ReturnPolicy.Returned;
import io.omniretail.returns.policy.ReturnPolicy.Violation;
import io.omniretail.returns.policy.ReturnPolicy;
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
    ReturnPolicy policy;

    /**
     * Opens a REQUESTED case after the policy accepted it (lines without an amount are priced at what was paid), or
     * fails with a 422 problem naming the rule.
     */
    public Uni<ReturnCaseView> request(ReturnRequest request, String actor, Instant now) {
        List<RequestedLine> requested = request.lines().stream()
                .map(line -> new RequestedLine(line.sku().trim(), line.quantity(), line.amount())).toList();
        // the lock serialises concurrent requests for one order, so two cannot return the same units
        return Purchase.<Purchase>findById(request.orderId(), LockModeType.PESSIMISTIC_WRITE)
                .chain(purchase -> orderFacts(purchase).chain(order -> alreadyReturned(request.orderId()).chain(returned -> {
                    Decision decision = policy.check(request.customerId(), request.orderId(), order, requested, returned, now);
                    if (decision.violation().isPresent()) {
                        Violation v = decision.violation().get();
                        return Uni.createFrom().<ReturnCaseView>failure(new ProblemException(422, v.code(), v.title(), v.detail()));
                    }
                    String currency = purchase.currency != null ? purchase.currency : request.lines().get(0).currency();
                    return open(request, decision.lines(), currency, actor, now);
                })));
    }

    private Uni<ReturnCaseView> open(ReturnRequest request, List<RequestedLine> priced, String currency, String actor, Instant now) {
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
        for (RequestedLine line : priced) {
            lines.add(ReturnCaseLine.of(returnCase.id, ++lineNo, line.sku(), line.quantity(),
                    line.amount().setScale(4, RoundingMode.HALF_UP), currency));
        }
        return insert(returnCase, lines)
                .chain(() -> changed(returnCase, lines, null, actor, metadata, now))
                .chain(() -> views(List.of(returnCase), Map.of(returnCase.id, lines))).map(views -> views.get(0));
    }

    /**
     * Records the case's new status (who made it, when) and publishes its event, in the caller's transaction: the
     * one way a case's change becomes visible, whether an associate or the source made it.
     */
    public Uni<Void> changed(ReturnCase returnCase, List<ReturnCaseLine> lines, List<ExchangeLine> replacement, String actor,
            EventMetadata metadata, Instant now) {
        return ReturnCaseStep.count("key.returnCaseId", returnCase.id).chain(steps -> {
            ReturnCaseStep step = new ReturnCaseStep();
            step.key = new ReturnCaseStep.Key(returnCase.id, (int) (steps + 1));
            step.status = returnCase.status;
            step.actor = actor;
            step.note = returnCase.currentStatus() == ReturnStatus.REJECTED ? returnCase.rejectionReason : null;
            step.at = now;
            return step.persist();
        }).chain(() -> outbox.enqueue(Topics.RETURNS_EVENTS, returnCase.customerId,
                ReturnEvents.of(returnCase, lines, replacement == null ? List.of() : replacement, actor, metadata)));
    }

    /** What an action brings besides the case id: a rejection's reason, a label, an exchange's replacement lines. */
    public record ActionInput(String reason, Label label, List<ReplacementLine> replacement) {
        public static final ActionInput NONE = new ActionInput(null, null, null);
    }

    public record Label(String carrier, String trackingNumber, String url) {
    }

    public record ReplacementLine(String sku, int quantity, BigDecimal amount) {
    }

    /** Applies an associate's action; 404 for an unknown case, 409 when the status does not allow it. */
    public Uni<ReturnCaseView> transition(String returnCaseId, ReturnAction action, ActionInput input, String actor, Instant now) {
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
                        BigDecimal returnedValue = lines.stream().map(line -> line.amount)
                                .reduce(BigDecimal.ZERO, BigDecimal::add).setScale(4, RoundingMode.HALF_UP);
                        List<ExchangeLine> replacement = new ArrayList<>();
                        switch (to) {
                            case REJECTED -> returnCase.rejectionReason = input.reason() == null || input.reason().isBlank()
                                    ? "rejected by associate" : input.reason().trim();
                            case LABEL_ISSUED -> {
                                returnCase.carrier = input.label().carrier();
                                returnCase.trackingNumber = input.label().trackingNumber();
                                returnCase.labelUrl = input.label().url();
                            }
                            case REFUNDED -> returnCase.refundAmount = returnedValue;
                            case EXCHANGED -> {
                                int lineNo = 0;
                                for (ReplacementLine line : input.replacement() == null || input.replacement().isEmpty()
                                        ? lines.stream().map(l -> new ReplacementLine(l.sku, l.quantity, l.amount)).toList()
                                        : input.replacement()) {
                                    replacement.add(ExchangeLine.of(returnCase.id, ++lineNo, line.sku(), line.quantity(),
                                            line.amount().setScale(4, RoundingMode.HALF_UP), returnCase.currency));
                                }
                                BigDecimal replacementValue = replacement.stream().map(line -> line.amount)
                                        .reduce(BigDecimal.ZERO, BigDecimal::add);
                                returnCase.priceDifference = replacementValue.subtract(returnedValue).setScale(4, RoundingMode.HALF_UP);
                                // a cheaper replacement gives the difference back: a refund like any other (loyalty reverses it)
                                returnCase.refundAmount = returnCase.priceDifference.signum() < 0 ? returnCase.priceDifference.negate() : null;
                            }
                            default -> {
                            }
                        }
                        EventMetadata metadata = ReturnEvents.next(returnCase, now);
                        returnCase.updatedAt = now;
                        Uni<Void> stored = replacement.isEmpty() ? Uni.createFrom().voidItem()
                                : Panache.getSession().chain(session -> session.persistAll(replacement.toArray()));
                        return stored.chain(() -> changed(returnCase, lines, replacement, actor, metadata, now))
                                .chain(() -> views(List.of(returnCase), Map.of(returnCase.id, lines))).map(views -> views.get(0));
                    });
                });
    }

    public Uni<ReturnCaseView> find(String returnCaseId) {
        return ReturnCase.<ReturnCase>findById(returnCaseId)
                .onItem().ifNull().failWith(() -> notFound(returnCaseId))
                .chain(returnCase -> linesOf(returnCaseId).chain(lines -> views(List.of(returnCase), Map.of(returnCase.id, lines))))
                .map(views -> views.get(0));
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
                    .chain(lines -> views(found, lines.stream().collect(Collectors.groupingBy(line -> line.key.returnCaseId()))));
        });
    }

    private static Uni<OrderFacts> orderFacts(Purchase purchase) {
        if (purchase == null) {
            return Uni.createFrom().nullItem();
        }
        return PurchaseLine.<PurchaseLine>list("key.orderId = ?1", purchase.orderId).map(lines -> new OrderFacts(purchase.orderId,
                purchase.customerId, purchase.placedAt, purchase.total, lines.stream()
                        .map(line -> new BoughtLine(line.sku, line.quantity, line.unitPrice.multiply(BigDecimal.valueOf(line.quantity)),
                                line.category))
                        .toList()));
    }

    /**
     * What the order's cases that were not rejected already take back (source refunds included): units and money per
     * SKU, and money in all (a case's refund when it has one, else its lines' value).
     */
    private static Uni<Returned> alreadyReturned(String orderId) {
        return ReturnCase.<ReturnCase>list("orderId = ?1 and status <> ?2", orderId, ReturnStatus.REJECTED.name())
                .chain(cases -> {
                    if (cases.isEmpty()) {
                        return Uni.createFrom().item(Returned.NOTHING);
                    }
                    List<String> ids = cases.stream().map(c -> c.id).toList();
                    return ReturnCaseLine.<ReturnCaseLine>list("key.returnCaseId in ?1", ids).map(lines -> {
                        Map<String, Integer> units = new HashMap<>();
                        Map<String, BigDecimal> amounts = new HashMap<>();
                        Map<String, BigDecimal> byCase = new HashMap<>();
                        for (ReturnCaseLine line : lines) {
                            units.merge(line.sku, line.quantity, Integer::sum);
                            amounts.merge(line.sku, line.amount, BigDecimal::add);
                            byCase.merge(line.key.returnCaseId(), line.amount, BigDecimal::add);
                        }
                        BigDecimal total = cases.stream().map(c -> moneyBack(c, byCase.getOrDefault(c.id, BigDecimal.ZERO)))
                                .reduce(BigDecimal.ZERO, BigDecimal::add);
                        return new Returned(units, amounts, total);
                    });
                });
    }

    /** The money a case gives back: an exchange only its refunded difference; a refund its amount; an open case its lines. */
    private static BigDecimal moneyBack(ReturnCase returnCase, BigDecimal linesValue) {
        if (returnCase.currentStatus() == ReturnStatus.EXCHANGED) {
            return returnCase.refundAmount == null ? BigDecimal.ZERO : returnCase.refundAmount;
        }
        return returnCase.refundAmount != null ? returnCase.refundAmount : linesValue;
    }

    public static Uni<List<ReturnCaseLine>> linesOf(String returnCaseId) {
        return ReturnCaseLine.list("key.returnCaseId = ?1 order by key.lineNo", returnCaseId);
    }

    /** The cases as the API shows them, with their steps and exchanges read in one query each. */
    static Uni<List<ReturnCaseView>> views(List<ReturnCase> cases, Map<String, List<ReturnCaseLine>> linesByCase) {
        List<String> ids = cases.stream().map(c -> c.id).toList();
        return Panache.flush()
                .chain(() -> ReturnCaseStep.<ReturnCaseStep>list("key.returnCaseId in ?1 order by key.returnCaseId, key.stepNo", ids))
                .chain(steps -> ExchangeLine.<ExchangeLine>list("key.returnCaseId in ?1 order by key.returnCaseId, key.lineNo", ids)
                        .map(replacements -> {
                            Map<String, List<ReturnCaseStep>> stepsByCase = steps.stream()
                                    .collect(Collectors.groupingBy(step -> step.key.returnCaseId()));
                            Map<String, List<ExchangeLine>> replacementByCase = replacements.stream()
                                    .collect(Collectors.groupingBy(line -> line.key.returnCaseId()));
                            return cases.stream().map(c -> view(c, linesByCase.getOrDefault(c.id, List.of()),
                                    stepsByCase.getOrDefault(c.id, List.of()), replacementByCase.getOrDefault(c.id, List.of()))).toList();
                        }));
    }

    private static ReturnCaseView view(ReturnCase returnCase, List<ReturnCaseLine> lines, List<ReturnCaseStep> steps,
            List<ExchangeLine> replacement) {
        ExchangeView exchange = returnCase.priceDifference == null ? null : new ExchangeView(ReturnEvents.replacementOrderId(returnCase),
                lineViews(replacement), returnCase.priceDifference);
        return new ReturnCaseView(returnCase.id, returnCase.customerId, returnCase.orderId, returnCase.origin,
                returnCase.status, returnCase.reason, returnCase.rejectionReason, returnCase.refundAmount,
                returnCase.currency, lineViews(lines),
                ReturnStateMachine.actionsFrom(returnCase.currentStatus()).stream().map(Enum::name).toList(),
                returnCase.openedAt, returnCase.updatedAt, returnCase.sourceReturnId, returnCase.labelUrl, returnCase.trackingNumber,
                returnCase.carrier, exchange,
                steps.stream().map(step -> new StepView(step.status, step.actor, step.note, step.at)).toList());
    }

    private static List<LineView> lineViews(List<? extends CaseLine> lines) {
        return lines.stream().map(line -> new LineView(line.sku, line.quantity, line.amount, line.currency)).toList();
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
