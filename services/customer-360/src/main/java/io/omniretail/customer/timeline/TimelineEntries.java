package io.omniretail.customer.timeline;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import io.omniretail.customer.timeline.TimelineEntry.Kind;
import io.omniretail.events.common.Money;
import io.omniretail.events.loyalty.LoyaltyEvent;
import io.omniretail.events.notification.NotificationEvent;
import io.omniretail.events.promotion.PromotionEvent;
import io.omniretail.events.returns.ReturnCaseEvent;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.Touchpoint;

/**
 * What a customer's timeline says about each event: its kind, type, channel, a one-line summary and the details an
 * associate needs (amounts, orders, what was said or scored). Pure; identifiers such as e-mails and phones are never
 * copied (the timeline is about what happened, the profile about who).
 */
public final class TimelineEntries {

    /** Inbound and outbound message texts and survey comments are kept up to this length. */
    static final int MAX_TEXT = 500;

    private TimelineEntries() {
    }

    public static TimelineEntry of(Touchpoint touchpoint, String customerId) {
        Details details = new Details();
        String summary = humanize(touchpoint.getType().name());
        var purchase = touchpoint.getPurchase();
        if (purchase != null) {
            details.put("orderId", purchase.getOrderId()).put("orderNumber", purchase.getOrderNumber())
                    .money("total", purchase.getTotal()).put("lines", purchase.getLines().size())
                    .put("categories", categories(purchase.getLines()));
            summary += " " + amount(purchase.getTotal()) + (purchase.getOrderNumber() != null ? ", order " + purchase.getOrderNumber() : "");
        }
        var refund = touchpoint.getRefund();
        if (refund != null) {
            details.put("orderId", refund.getOrderId()).money("amount", refund.getAmount()).put("reason", refund.getReason());
            summary += " " + amount(refund.getAmount());
        }
        var fulfillment = touchpoint.getFulfillment();
        if (fulfillment != null) {
            details.put("orderId", fulfillment.getOrderId()).put("status", fulfillment.getStatus().name())
                    .put("shipmentStatus", fulfillment.getShipmentStatus().name()).put("carrier", fulfillment.getCarrier());
            summary += ": " + humanize(fulfillment.getShipmentStatus().name());
        }
        var checkout = touchpoint.getCheckout();
        if (checkout != null) {
            details.money("total", checkout.getTotal()).put("lines", checkout.getLines().size()).put("completed", checkout.getCompletedAt() != null);
        }
        var sourceReturn = touchpoint.getSourceReturn();
        if (sourceReturn != null) {
            details.put("returnId", sourceReturn.getReturnId()).put("orderId", sourceReturn.getOrderId())
                    .put("status", sourceReturn.getStatus().name()).put("reason", sourceReturn.getReason());
            summary += ": " + humanize(sourceReturn.getStatus().name());
        }
        var appointment = touchpoint.getAppointment();
        if (appointment != null) {
            details.put("appointmentId", appointment.getAppointmentId()).put("status", appointment.getStatus().name())
                    .put("startsAt", appointment.getStartsAt()).put("service", appointment.getService()).put("advisor", appointment.getAdvisor());
            summary += ": " + appointment.getService() + ", " + humanize(appointment.getStatus().name());
        }
        var activity = touchpoint.getActivity();
        if (activity != null) {
            details.put("name", activity.getName()).put("title", activity.getTitle()).put("path", activity.getPath())
                    .put("searchQuery", activity.getSearchQuery())
                    .put("products", activity.getProducts().stream().map(p -> p.getTitle() != null ? p.getTitle() : p.getSku()).toList())
                    .put("categories", categories(activity.getProducts()));
            String what = activity.getSearchQuery() != null ? "\"" + activity.getSearchQuery() + "\""
                    : activity.getTitle() != null ? activity.getTitle() : activity.getName();
            summary += what == null ? "" : ": " + what;
        }
        var message = touchpoint.getMessage();
        if (message != null) {
            details.put("conversationId", message.getConversationId()).put("direction", message.getDirection().name())
                    .put("kind", message.getKind().name()).put("text", clip(message.getText()))
                    .put("keyword", message.getKeyword() == null ? null : message.getKeyword().name()).put("agentId", message.getAgentId());
            summary += message.getText() == null ? "" : ": " + clip(message.getText());
        }
        var survey = touchpoint.getSurvey();
        if (survey != null) {
            details.put("surveyId", survey.getSurveyId()).put("kind", survey.getKind().name()).put("score", survey.getScore())
                    .put("scaleMax", survey.getScaleMax()).put("comment", clip(survey.getComment())).put("orderId", survey.getOrderId());
            summary += ": " + survey.getKind().name() + (survey.getScore() == null ? "" : " " + survey.getScore() + "/" + survey.getScaleMax());
        }
        var privacy = touchpoint.getPrivacyRequest();
        if (privacy != null) {
            details.put("kind", privacy.getKind().name()).put("requestId", privacy.getRequestId());
            summary += ": " + humanize(privacy.getKind().name());
        }
        TimelineEntry entry = entry(touchpoint.getTouchpointId(), customerId, touchpoint.getMetadata().getOccurredAt(), Kind.TOUCHPOINT,
                touchpoint.getType().name(), touchpoint.getChannel().name(), touchpoint.getSourceSystem(), summary, details);
        entry.storeId = touchpoint.getStoreId();
        return entry;
    }

    public static TimelineEntry of(LoyaltyEvent event, String customerId) {
        Details details = new Details().put("pointsDelta", event.getPointsDelta()).put("balance", event.getBalance())
                .put("tier", event.getTier()).put("previousTier", event.getPreviousTier()).put("reference", event.getReference())
                .put("reason", event.getReason()).put("membershipPlan", event.getMembershipPlan())
                .put("membershipEndsAt", event.getMembershipEndsAt());
        String summary = switch (event.getType()) {
            case TIER_CHANGED -> "Tier changed from " + event.getPreviousTier() + " to " + event.getTier();
            case ACCOUNTS_MERGED -> "Loyalty accounts merged, balance " + event.getBalance();
            case MEMBERSHIP_STARTED, MEMBERSHIP_CHANGED -> "Membership " + event.getMembershipPlan() + " until " + event.getMembershipEndsAt();
            case MEMBERSHIP_ENDED -> "Membership ended " + event.getMembershipEndsAt();
            default -> humanize(event.getType().name()) + " " + signed(event.getPointsDelta()) + " points, balance " + event.getBalance();
        };
        return entry(event.getMetadata().getEventId(), customerId, event.getMetadata().getOccurredAt(), Kind.LOYALTY,
                event.getType().name(), null, event.getMetadata().getSource(), summary, details);
    }

    public static TimelineEntry of(PromotionEvent event, String customerId) {
        Details details = new Details().put("campaignId", event.getCampaignId()).put("couponCode", event.getCouponCode())
                .put("discountKind", event.getDiscount().getKind().name()).put("discountValue", event.getDiscount().getValue())
                .put("validUntil", event.getValidUntil()).put("reference", event.getReference());
        String summary = humanize(event.getType().name()) + " " + event.getCouponCode() + " (" + event.getCampaignId() + ")";
        return entry(event.getMetadata().getEventId(), customerId, event.getMetadata().getOccurredAt(), Kind.PROMOTION,
                event.getType().name(), null, event.getMetadata().getSource(), summary, details);
    }

    public static TimelineEntry of(ReturnCaseEvent event, String customerId) {
        Details details = new Details().put("returnCaseId", event.getReturnCaseId()).put("orderId", event.getOrderId())
                .put("origin", event.getOrigin().name()).put("lines", event.getLines().size())
                .money("refundAmount", event.getRefundAmount()).put("reason", event.getReason());
        String summary = "Return " + humanize(event.getStatus().name()).toLowerCase(Locale.ROOT) + " for order " + event.getOrderId()
                + (event.getRefundAmount() == null ? "" : ", " + amount(event.getRefundAmount()));
        return entry(event.getMetadata().getEventId(), customerId, event.getMetadata().getOccurredAt(), Kind.RETURN,
                event.getStatus().name(), null, event.getMetadata().getSource(), summary, details);
    }

    public static TimelineEntry of(NotificationEvent event, String customerId) {
        Details details = new Details().put("notificationId", event.getNotificationId()).put("dispatchId", event.getDispatchId())
                .put("detail", event.getDetail());
        String channel = event.getChannel() == null ? null : event.getChannel().name();
        String summary = "Notification " + humanize(event.getOutcome().name()).toLowerCase(Locale.ROOT) + (channel == null ? "" : " on " + channel);
        return entry(event.getMetadata().getEventId(), customerId, event.getMetadata().getOccurredAt(), Kind.NOTIFICATION,
                event.getOutcome().name(), channel, event.getMetadata().getSource(), summary, details);
    }

    /** Distinct non-blank categories of lines or products, in their order. */
    public static List<String> categories(List<LineItem> lines) {
        return lines.stream().map(LineItem::getCategory).filter(Objects::nonNull).map(String::trim).filter(c -> !c.isEmpty())
                .distinct().toList();
    }

    private static TimelineEntry entry(String id, String customerId, Instant occurredAt, Kind kind, String type, String channel,
            String source, String summary, Details details) {
        TimelineEntry entry = new TimelineEntry();
        entry.entryId = id;
        entry.customerId = customerId;
        entry.occurredAt = occurredAt;
        entry.kind = kind;
        entry.type = type;
        entry.channel = channel;
        entry.source = source;
        entry.summary = summary;
        entry.details = details.values;
        return entry;
    }

    /** PURCHASE_SOMETHING -> "Purchase something". */
    static String humanize(String symbol) {
        String words = symbol.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    private static String amount(Money money) {
        return money == null ? "" : money.getAmount().stripTrailingZeros().toPlainString() + " " + money.getCurrency();
    }

    private static String signed(long value) {
        return value > 0 ? "+" + value : Long.toString(value);
    }

    static String clip(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }

    /** Details without nulls, in insertion order; instants and amounts as JSON-friendly strings. */
    private static final class Details {
        final Map<String, Object> values = new LinkedHashMap<>();

        Details put(String key, Object value) {
            if (value instanceof Instant instant) {
                values.put(key, instant.toString());
            } else if (value instanceof BigDecimal decimal) {
                values.put(key, decimal.toPlainString());
            } else if (value instanceof CharSequence text) {
                values.put(key, text.toString());
            } else if (value != null) {
                values.put(key, value);
            }
            return this;
        }

        Details money(String key, Money money) {
            if (money != null) {
                values.put(key, Map.of("amount", money.getAmount().toPlainString(), "currency", money.getCurrency()));
            }
            return this;
        }
    }
}
