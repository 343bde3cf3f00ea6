package io.omniretail.ingestion.analytics;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import io.omniretail.events.touchpoint.ActivityDetails;
import io.omniretail.events.touchpoint.AppointmentDetails;
import io.omniretail.events.touchpoint.AppointmentStatus;
import io.omniretail.events.touchpoint.CheckoutDetails;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.StrictJson;
import io.omniretail.ingestion.edge.UnmappablePayload;
import io.omniretail.ingestion.publish.Amounts;
import io.omniretail.kit.EventMetadataFactory;

/**
 * One analytics call (Segment / RudderStack tracking spec) → one touchpoint. Pure.
 * <ul>
 * <li>Types: page → PAGE_VIEW (WEB), screen → PAGE_VIEW (APP); identify and alias → PROFILE_UPDATE; group →
 * CUSTOM_EVENT; track by its event name, read the way the e-commerce spec names them (case, underscores and dashes
 * ignored): Products Searched, Product Viewed / Clicked, Product Added / Removed and Cart Viewed, Checkout Started and
 * Order Completed (a checkout, completed by the order; the order itself counts when Shopify or the till reports
 * it), Back In Stock / Price Drop Subscribed, Signed Up, Appointment Booked. Anything else is a CUSTOM_EVENT keeping
 * its name and properties.</li>
 * <li>Identity: userId is the retailer's account id, anonymousId the browser or installation, traits (and a track
 * call's context.traits) give e-mail, phone, names and birthday, context.device the device id and push token. Only
 * a trusted (server-side) source's userId is verified: a browser's write key is public.</li>
 * <li>Time: an explicit originalTimestamp, or the timestamp of a call that also says when it was sent, is corrected
 * for the device clock's skew as Segment does (receivedAt - (sentAt - originalTimestamp)); otherwise timestamp, else
 * when it was received. Never later than it was received.</li>
 * <li>Id: derived from the source and messageId, so a retried call is the same touchpoint and downstream inboxes
 * drop it.</li>
 * </ul>
 */
public final class AnalyticsMapper {

    /** Bounds of the properties kept on a touchpoint. */
    static final int MAX_PROPERTIES = 100;
    static final int MAX_KEY = 128;
    static final int MAX_VALUE = 1_024;
    static final int MAX_PRODUCTS = 100;

    private static final Set<String> TYPES = Set.of("identify", "track", "page", "screen", "group", "alias");

    public record Source(String name, boolean trusted, String defaultCurrency, String defaultCountry) {
    }

    private AnalyticsMapper() {
    }

    /**
     * @param messageKey the call's messageId, or (without one) a digest of its bytes, so that a retry maps alike
     */
    public static Touchpoint map(AnalyticsEvent call, Source source, String messageKey, Instant receivedAt) throws UnmappablePayload {
        String type = call.type() == null ? null : call.type().trim().toLowerCase(Locale.ROOT);
        if (type == null || !TYPES.contains(type)) {
            throw new UnmappablePayload("type must be one of identify, track, page, screen, group, alias; got " + call.type());
        }
        String userId = blankToNull(call.userId());
        String anonymousId = blankToNull(call.anonymousId());
        if ("alias".equals(type)) {
            if (userId == null || blankToNull(call.previousId()) == null) {
                throw new UnmappablePayload("alias needs userId and previousId");
            }
            anonymousId = call.previousId().trim();
        } else if (userId == null && anonymousId == null) {
            throw new UnmappablePayload(type + " needs a userId or an anonymousId");
        }
        if ("track".equals(type) && blankToNull(call.event()) == null) {
            throw new UnmappablePayload("track needs an event name");
        }
        JsonNode properties = object(call.properties());
        JsonNode context = object(call.context());
        Instant occurredAt = occurredAt(call, receivedAt);
        String id = EventMetadataFactory.derivedId("analytics", source.name(), messageKey);
        TouchpointChannel channel = "screen".equals(type) || isApp(context) ? TouchpointChannel.APP : TouchpointChannel.WEB;

        String activityName = switch (type) {
            case "track" -> call.event().trim();
            case "page", "screen" -> firstNonBlank(call.name(), text(properties, "name"), text(properties, "title"), type);
            default -> type;
        };
        TouchpointType touchpointType = switch (type) {
            case "page", "screen" -> TouchpointType.PAGE_VIEW;
            case "identify", "alias" -> TouchpointType.PROFILE_UPDATE;
            case "group" -> TouchpointType.CUSTOM_EVENT;
            default -> trackType(normalized(call.event()));
        };
        String currency = firstNonBlank(text(properties, "currency"), source.defaultCurrency());
        List<LineItem> products = products(properties, currency);

        Touchpoint.Builder touchpoint = Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, occurredAt, "analytics:" + source.name()))
                .setTouchpointId(id)
                .setChannel(channel)
                .setSourceSystem("analytics:" + source.name())
                .setSourceReference(messageKey)
                .setIdentity(identity(type, call, userId, anonymousId, context, source));
        if (touchpointType == TouchpointType.CHECKOUT_UPDATED) {
            String token = firstNonBlank(text(properties, "checkout_id"), text(properties, "order_id"), text(properties, "cart_id"));
            if (token == null) {
                touchpointType = TouchpointType.CUSTOM_EVENT; // a checkout nobody can name cannot be completed or recovered
            } else {
                BigDecimal total = decimal(properties, "revenue", "total", "value");
                touchpoint.setCheckout(CheckoutDetails.newBuilder().setCheckoutToken(token).setCartToken(text(properties, "cart_id"))
                        .setTotal(total == null ? null : Amounts.money(currency, total)).setLines(products)
                        .setCompletedAt("order completed".equals(normalized(call.event())) ? occurredAt : null).build());
            }
        }
        if (touchpointType == TouchpointType.APPOINTMENT_BOOKED) {
            AppointmentDetails appointment = appointment(properties);
            if (appointment == null) {
                touchpointType = TouchpointType.CUSTOM_EVENT;
            } else {
                touchpoint.setAppointment(appointment);
                touchpoint.setStoreId(text(properties, "store_id"));
            }
        }
        Map<String, String> kept = new LinkedHashMap<>();
        flatten("", "group".equals(type) ? object(call.traits()) : properties, kept);
        if ("group".equals(type) && call.groupId() != null) {
            kept.put("groupId", clean(call.groupId(), MAX_VALUE));
        }
        JsonNode page = context.path("page");
        touchpoint.setType(touchpointType).setActivity(ActivityDetails.newBuilder()
                .setName(clean(activityName, 255))
                .setUrl(firstNonBlank(text(properties, "url"), text(page, "url")))
                .setPath(firstNonBlank(text(properties, "path"), text(page, "path")))
                .setReferrer(firstNonBlank(text(properties, "referrer"), text(page, "referrer")))
                .setTitle(firstNonBlank(text(properties, "title"), text(page, "title"), "screen".equals(type) ? call.name() : null))
                .setSearchQuery(text(properties, "query"))
                .setCartId(text(properties, "cart_id"))
                .setProducts(products)
                .setProperties(kept)
                .setSessionId(firstNonBlank(text(context, "sessionId"), text(context, "session_id")))
                .build());
        return touchpoint.build();
    }

    static TouchpointType trackType(String event) {
        return switch (event) {
            case "products searched", "product searched" -> TouchpointType.PRODUCT_SEARCHED;
            case "product viewed", "product clicked" -> TouchpointType.PRODUCT_VIEWED;
            case "product added", "product removed", "cart viewed" -> TouchpointType.CART_UPDATED;
            case "checkout started", "order completed" -> TouchpointType.CHECKOUT_UPDATED;
            case "back in stock subscribed" -> TouchpointType.BACK_IN_STOCK_SUBSCRIBED;
            case "price drop subscribed" -> TouchpointType.PRICE_DROP_SUBSCRIBED;
            case "signed up", "sign up", "account created" -> TouchpointType.SIGNUP;
            case "appointment booked" -> TouchpointType.APPOINTMENT_BOOKED;
            default -> TouchpointType.CUSTOM_EVENT;
        };
    }

    /** "Product_Viewed", "product-viewed" and "Product  Viewed" are all "product viewed". */
    static String normalized(String event) {
        return event == null ? "" : event.trim().toLowerCase(Locale.ROOT).replaceAll("[_\\-\\s]+", " ");
    }

    private static IdentityHints identity(String type, AnalyticsEvent call, String userId, String anonymousId, JsonNode context,
            Source source) {
        // identify carries traits; other calls may carry the user's traits in their context (analytics.js does)
        JsonNode traits = "identify".equals(type) ? object(call.traits()) : object(context.path("traits"));
        JsonNode device = context.path("device");
        String name = text(traits, "name");
        String firstName = firstNonBlank(text(traits, "firstName"), text(traits, "first_name"));
        String lastName = firstNonBlank(text(traits, "lastName"), text(traits, "last_name"));
        if (firstName == null && lastName == null && name != null && name.contains(" ")) {
            firstName = name.substring(0, name.indexOf(' '));
            lastName = name.substring(name.indexOf(' ') + 1).trim();
        }
        return IdentityHints.newBuilder()
                .setAccountId(userId)
                .setAnonymousId(anonymousId)
                .setEmail(text(traits, "email"))
                .setRawPhone(text(traits, "phone"))
                .setFirstName(firstName)
                .setLastName(lastName)
                .setBirthDate(birthDate(firstNonBlank(text(traits, "birthday"), text(traits, "birthdate"))))
                .setLocale(text(context, "locale"))
                .setTimeZone(text(context, "timezone"))
                .setCountryCode(source.defaultCountry())
                .setAppDeviceId(text(device, "id"))
                .setPushToken(text(device, "token"))
                .setVerified(source.trusted() && userId != null)
                .build();
    }

    static Instant occurredAt(AnalyticsEvent call, Instant receivedAt) {
        Instant timestamp = instant(call.timestamp());
        Instant original = instant(call.originalTimestamp());
        Instant sent = instant(call.sentAt());
        Instant onDevice = original != null ? original : timestamp;
        Instant occurred;
        if (sent != null && onDevice != null) {
            occurred = receivedAt.minus(Duration.between(onDevice, sent)); // the device clock's skew taken out
        } else {
            occurred = timestamp != null ? timestamp : receivedAt;
        }
        return occurred.isAfter(receivedAt) ? receivedAt : occurred;
    }

    private static boolean isApp(JsonNode context) {
        String deviceType = text(context.path("device"), "type");
        return context.path("app").isObject()
                || deviceType != null && Set.of("ios", "android").contains(deviceType.toLowerCase(Locale.ROOT));
    }

    /** The product of a product event, or the products of a cart, checkout or order. */
    private static List<LineItem> products(JsonNode properties, String currency) {
        List<LineItem> items = new ArrayList<>();
        JsonNode listed = properties.path("products");
        if (listed.isArray()) {
            for (JsonNode product : listed) {
                if (items.size() == MAX_PRODUCTS) {
                    break;
                }
                LineItem item = product(product, currency);
                if (item != null) {
                    items.add(item);
                }
            }
        } else {
            LineItem item = product(properties, currency);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private static LineItem product(JsonNode product, String currency) {
        String productId = firstNonBlank(text(product, "product_id"), text(product, "productId"), text(product, "id"));
        String sku = firstNonBlank(text(product, "sku"), productId);
        if (sku == null) {
            return null;
        }
        BigDecimal price = decimal(product, "price");
        long quantity = product.path("quantity").canConvertToInt() ? product.path("quantity").asInt() : 1;
        return LineItem.newBuilder()
                .setSku(clean(sku, 255))
                .setProductId(productId == null ? null : clean(productId, 255))
                .setTitle(clean(firstNonBlank(text(product, "name"), sku), 1_024))
                .setQuantity((int) Math.max(1, Math.min(quantity, 1_000_000)))
                .setUnitPrice(Amounts.money(firstNonBlank(text(product, "currency"), currency),
                        price == null || price.signum() < 0 ? BigDecimal.ZERO : price))
                .setCategory(text(product, "category"))
                .build();
    }

    private static AppointmentDetails appointment(JsonNode properties) {
        String appointmentId = firstNonBlank(text(properties, "appointment_id"), text(properties, "appointmentId"));
        Instant startsAt = instant(firstNonBlank(text(properties, "starts_at"), text(properties, "start_time"), text(properties, "startsAt")));
        if (appointmentId == null || startsAt == null) {
            return null;
        }
        return AppointmentDetails.newBuilder().setAppointmentId(clean(appointmentId, 255)).setStatus(AppointmentStatus.BOOKED)
                .setStartsAt(startsAt).setEndsAt(instant(firstNonBlank(text(properties, "ends_at"), text(properties, "end_time"))))
                .setService(firstNonBlank(text(properties, "service"), text(properties, "name"), "appointment"))
                .setAdvisor(text(properties, "advisor")).build();
    }

    /** Dotted keys, string values, bounded; the products list is carried as products. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext() && into.size() < MAX_PROPERTIES) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = prefix + field.getKey();
            if (prefix.isEmpty() && "products".equals(key) || key.length() > MAX_KEY) {
                continue;
            }
            JsonNode value = field.getValue();
            if (value.isObject()) {
                flatten(key + ".", value, into);
            } else if (value.isValueNode() && !value.isNull()) {
                into.put(clean(key, MAX_KEY), clean(value.asText(), MAX_VALUE));
            } else if (value.isArray()) {
                into.put(clean(key, MAX_KEY), clean(value.toString(), MAX_VALUE));
            }
        }
    }

    private static JsonNode object(JsonNode node) {
        return node != null && node.isObject() ? node : MissingNode.getInstance();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.isNull()) {
            return null;
        }
        String text = value.asText();
        return text.isBlank() ? null : clean(text.trim(), MAX_VALUE);
    }

    private static BigDecimal decimal(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.path(field);
            if (value.isNumber()) {
                return value.decimalValue();
            }
            if (value.isTextual()) {
                try {
                    return new BigDecimal(value.asText().trim());
                } catch (NumberFormatException ignored) {
                    // not a number: try the next name
                }
            }
        }
        return null;
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException unreadable) {
                return null; // an unreadable time is not a reason to lose the event
            }
        }
    }

    private static LocalDate birthDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.length() > 10 ? value.substring(0, 10) : value);
        } catch (DateTimeParseException unreadable) {
            return null;
        }
    }

    private static String clean(String value, int max) {
        String cleaned = StrictJson.withoutControlCharacters(value);
        return cleaned.length() > max ? cleaned.substring(0, max) : cleaned;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
