package io.omniretail.ingestion.pos;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.omniretail.events.common.Money;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.IdentityHints;
import io.omniretail.events.touchpoint.LineItem;
import io.omniretail.events.touchpoint.PurchaseDetails;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.RefundLine;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.publish.Amounts;
import io.omniretail.kit.EventMetadataFactory;

/**
 * Turns Debezium change events of a store POS database into touchpoints. A sale and its lines are written in
 * one database transaction and arrive as separate records on separate topics and partitions, in any order,
 * together with the transaction's END record (pos.*.transaction) that counts the rows per table. Rows are
 * grouped by source.txId (the "id" fields differ per record: "txId:lsn"), and when END's counts are reached for
 * the tables we read, the transaction becomes ONE purchase touchpoint per sale (lines included) and one refund
 * touchpoint per return. Customer rows become PROFILE_UPDATE touchpoints right away.
 *
 * <p>Every record is handed back, through {@link Completed#records()}, only once its transaction has been turned
 * into touchpoints: the caller acknowledges them after Kafka accepted those, so a crash replays the transaction.
 * A row delivered twice while its transaction is pending (the consumer lost its partitions, e.g. in a broker restart,
 * and read again from the last commit) counts once: rows are told apart by their position in the transaction
 * (Debezium's transaction.total_order), so a redelivery cannot push a transaction past END's counts and strand it.
 * A row of a transaction completed earlier in this process's life (part of it was committed before the redelivery,
 * part not) comes back at once: its touchpoints were published before any of its rows was acknowledged.
 * Not thread-safe: one consumer drives it.
 *
 * @param <R> the caller's handle of a record (its Kafka message)
 */
public final class PosTransactionAssembler<R> {

    static final Set<String> GROUPED_TABLES = Set.of("public.sales", "public.sale_lines", "public.returns");

    /** Touchpoints ready to publish (with their partition keys) and the records they settle. */
    public record Completed<R>(List<Keyed> touchpoints, List<R> records) {
    }

    public record Keyed(String key, Touchpoint touchpoint) {
    }

    private final String topicPrefix;
    private final String defaultCountry;
    /** Concurrent only so that readiness can read it; records arrive on one consumer thread. */
    private final Map<Long, Pending<R>> pending = new ConcurrentHashMap<>();
    /** The most recent transactions turned into touchpoints (bounded: a redelivery reaches back one commit interval). */
    private final Set<Long> completed = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
            return size() > COMPLETED_REMEMBERED;
        }
    });
    static final int COMPLETED_REMEMBERED = 100_000;

    public PosTransactionAssembler(String topicPrefix, String defaultCountry) {
        this.topicPrefix = topicPrefix;
        this.defaultCountry = defaultCountry;
    }

    private static final class Pending<R> {
        final List<JsonNode> sales = new ArrayList<>();
        final List<JsonNode> lines = new ArrayList<>();
        final List<JsonNode> returns = new ArrayList<>();
        /** Every handle received, redeliveries included: all are acknowledged together. */
        final List<R> records = new ArrayList<>();
        /** Each table's rows by their position in the transaction. */
        final Map<String, Set<String>> seen = new HashMap<>();
        Map<String, Integer> expected;
        final long openedAt = System.nanoTime();
    }

    /** Transactions still waiting for rows or for their END record. */
    public int pendingTransactions() {
        return pending.size();
    }

    /** How long the oldest pending transaction has waited for its rows or its END record (zero if none). */
    public Duration oldestPending() {
        long now = System.nanoTime();
        return Duration.ofNanos(pending.values().stream().mapToLong(tx -> now - tx.openedAt).max().orElse(0));
    }

    /**
     * Accepts one change or transaction record (its Kafka topic and JSON value). Returns what became complete;
     * records that need nothing (BEGIN, snapshots of sales, updates, other tables) come back at once.
     */
    public List<Completed<R>> accept(String topic, JsonNode value, R record) {
        if (value == null || value.isNull()) {
            return List.of(new Completed<>(List.of(), List.of(record))); // tombstone
        }
        if (topic.equals(topicPrefix + ".transaction")) {
            return transactionMarker(value, record);
        }
        String table = value.path("source").path("schema").asText("public") + "." + value.path("source").path("table").asText();
        String op = value.path("op").asText();
        JsonNode after = value.path("after");
        if (table.equals("public.customers") && (op.equals("c") || op.equals("u") || op.equals("r"))) {
            return List.of(new Completed<>(List.of(profileUpdate(value, after)), List.of(record)));
        }
        // only new rows of the grouped tables inside a live transaction make touchpoints; snapshots of past sales,
        // corrections and deletions do not
        if (!GROUPED_TABLES.contains(table) || !op.equals("c") || value.path("transaction").isNull()
                || value.path("transaction").isMissingNode()) {
            return List.of(new Completed<>(List.of(), List.of(record)));
        }
        long txId = value.path("source").path("txId").asLong();
        if (completed.contains(txId)) {
            return List.of(new Completed<>(List.of(), List.of(record)));
        }
        Pending<R> tx = pending.computeIfAbsent(txId, id -> new Pending<>());
        tx.records.add(record);
        JsonNode order = value.path("transaction").path("total_order");
        String position = order.isMissingNode() || order.isNull() ? "lsn:" + value.path("source").path("lsn").asText() : order.asText();
        if (!tx.seen.computeIfAbsent(table, t -> new HashSet<>()).add(position)) {
            return List.of(); // a redelivered row: already counted and kept
        }
        switch (table) {
            case "public.sales" -> tx.sales.add(after);
            case "public.sale_lines" -> tx.lines.add(after);
            default -> tx.returns.add(after);
        }
        return completeIfReady(txId, tx);
    }

    private List<Completed<R>> transactionMarker(JsonNode value, R record) {
        if (!"END".equals(value.path("status").asText())) {
            return List.of(new Completed<>(List.of(), List.of(record)));
        }
        long txId = Long.parseLong(value.path("id").asText().split(":")[0]);
        Map<String, Integer> expected = new HashMap<>();
        for (JsonNode collection : value.path("data_collections")) {
            String table = collection.path("data_collection").asText();
            if (GROUPED_TABLES.contains(table)) {
                expected.put(table, collection.path("event_count").asInt());
            }
        }
        if (expected.isEmpty() || completed.contains(txId)) {
            // a transaction without sales or returns, or the END of one already published
            return List.of(new Completed<>(List.of(), List.of(record)));
        }
        Pending<R> tx = pending.computeIfAbsent(txId, id -> new Pending<>());
        tx.expected = expected;
        tx.records.add(record);
        return completeIfReady(txId, tx);
    }

    private List<Completed<R>> completeIfReady(long txId, Pending<R> tx) {
        if (tx.expected == null || !tx.expected.keySet().equals(tx.seen.keySet())
                || tx.expected.entrySet().stream().anyMatch(table -> tx.seen.get(table.getKey()).size() != table.getValue())) {
            return List.of();
        }
        pending.remove(txId);
        completed.add(txId);
        List<Keyed> touchpoints = new ArrayList<>();
        for (JsonNode sale : tx.sales) {
            long saleId = sale.path("sale_id").asLong();
            List<JsonNode> lines = tx.lines.stream().filter(l -> l.path("sale_id").asLong() == saleId)
                    .sorted(Comparator.comparingInt(l -> l.path("line_no").asInt())).toList();
            touchpoints.add(purchase(sale, lines));
        }
        for (JsonNode returned : tx.returns) {
            touchpoints.add(refund(returned));
        }
        return List.of(new Completed<>(touchpoints, List.copyOf(tx.records)));
    }

    private Keyed purchase(JsonNode sale, List<JsonNode> lines) {
        String saleId = sale.path("sale_id").asText();
        String store = sale.path("store_id").asText();
        String currency = sale.path("currency").asText("JPY").trim();
        Instant soldAt = Instant.parse(sale.path("sold_at").asText());
        String id = EventMetadataFactory.derivedId("pos", topicPrefix, "sale", saleId);
        String card = text(sale, "loyalty_card_no");
        String customerId = text(sale, "customer_id");
        Touchpoint touchpoint = Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, soldAt, "pos:" + store))
                .setTouchpointId(id)
                .setType(TouchpointType.PURCHASE)
                .setChannel(TouchpointChannel.STORE_POS)
                .setSourceSystem("pos")
                .setSourceReference(saleId)
                .setStoreId(store)
                .setIdentity(IdentityHints.newBuilder().setPosLoyaltyCard(card).setPosCustomerId(customerId)
                        .setCountryCode(defaultCountry).setVerified(card != null || customerId != null).build())
                .setPurchase(PurchaseDetails.newBuilder()
                        .setOrderId(orderId(saleId))
                        .setOrderNumber(sale.path("receipt_no").asText(saleId))
                        .setTotal(money(currency, sale.path("total").asText("0")))
                        .setLines(lines.stream().map(line -> LineItem.newBuilder()
                                .setSku(line.path("sku").asText())
                                .setTitle(line.path("title").asText(""))
                                .setQuantity(line.path("quantity").asInt(1))
                                .setUnitPrice(money(currency, line.path("unit_price").asText("0")))
                                .setCategory(text(line, "category"))
                                .build()).toList())
                        .setPlacedAt(soldAt)
                        // the codes the till took, so that promotions tracks store redemptions like Shopify's
                        .setCouponCodes(couponCodes(text(sale, "coupon_codes")))
                        .setReceiptReference(text(sale, "receipt_no") == null ? null : receiptReference(store, text(sale, "receipt_no")))
                        .build())
                .build();
        return new Keyed(key(card, customerId, "pos-sale:" + saleId), touchpoint);
    }

    private Keyed refund(JsonNode returned) {
        String returnId = returned.path("return_id").asText();
        String saleId = returned.path("sale_id").asText();
        Instant at = Instant.parse(returned.path("returned_at").asText());
        String id = EventMetadataFactory.derivedId("pos", topicPrefix, "return", returnId);
        Money amount = money("JPY", returned.path("amount").asText("0"));
        Touchpoint touchpoint = Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, at, "pos:" + returned.path("store_id").asText()))
                .setTouchpointId(id)
                .setType(TouchpointType.REFUND)
                .setChannel(TouchpointChannel.STORE_POS)
                .setSourceSystem("pos")
                .setSourceReference("return:" + returnId)
                .setStoreId(text(returned, "store_id"))
                // the return row names the sale, not the customer: customer-360 finds the buyer through the order
                .setIdentity(IdentityHints.newBuilder().setVerified(true).build())
                .setRefund(RefundDetails.newBuilder()
                        .setRefundId("pos-return:" + returnId)
                        .setOrderId(orderId(saleId))
                        .setAmount(amount)
                        .setLines(List.of(RefundLine.newBuilder().setSku(returned.path("sku").asText())
                                .setQuantity(returned.path("quantity").asInt(1)).setAmount(amount).build()))
                        .setReason(text(returned, "reason"))
                        .build())
                .build();
        return new Keyed("pos-sale:" + saleId, touchpoint);
    }

    private Keyed profileUpdate(JsonNode change, JsonNode customer) {
        String customerId = customer.path("customer_id").asText();
        String card = text(customer, "loyalty_card_no");
        // one event per row version: the commit's LSN tells versions apart, and a replay gives the same id
        String version = change.path("source").path("lsn").asText(change.path("source").path("ts_ms").asText());
        String id = EventMetadataFactory.derivedId("pos", topicPrefix, "customer", customerId, version);
        Instant at = Instant.ofEpochMilli(change.path("source").path("ts_ms").asLong(System.currentTimeMillis()));
        Touchpoint touchpoint = Touchpoint.newBuilder()
                .setMetadata(EventMetadataFactory.origin(id, at, "pos:" + topicPrefix))
                .setTouchpointId(id)
                .setType(TouchpointType.PROFILE_UPDATE)
                .setChannel(TouchpointChannel.STORE_POS)
                .setSourceSystem("pos")
                .setSourceReference("customer:" + customerId)
                // registered at a till with the card handed over: an identified, verified customer
                .setIdentity(IdentityHints.newBuilder()
                        .setPosLoyaltyCard(card)
                        .setPosCustomerId(customerId)
                        .setEmail(text(customer, "email"))
                        .setRawPhone(text(customer, "phone"))
                        .setFirstName(text(customer, "first_name"))
                        .setLastName(text(customer, "last_name"))
                        .setLocale(text(customer, "locale"))
                        .setCountryCode(defaultCountry)
                        .setVerified(true)
                        .build())
                .setMarketingConsent(customer.hasNonNull("marketing_opt_in") ? ConsentHint.newBuilder().setChannel("EMAIL")
                        .setGranted(customer.path("marketing_opt_in").asBoolean()).setCapturedAt(at).build() : null)
                .build();
        return new Keyed(key(card, customerId, "pos-customer:" + customerId), touchpoint);
    }

    private static List<String> couponCodes(String typed) {
        return typed == null ? List.of() : Arrays.stream(typed.split(",")).map(String::trim).filter(code -> !code.isEmpty()).toList();
    }

    static String orderId(String saleId) {
        return "pos-sale:" + saleId;
    }

    /** The receipt a till printed, the same whichever path reports the sale (CDC, the POS API, a Shopify sync). */
    public static String receiptReference(String store, String receiptNo) {
        return store + ":" + receiptNo;
    }

    private static String key(String card, String customerId, String fallback) {
        return card != null ? "pos-card:" + card : customerId != null ? "pos-customer:" + customerId : fallback;
    }

    private static String text(JsonNode row, String field) {
        JsonNode value = row.path(field);
        return value.isNull() || value.isMissingNode() || value.asText().isBlank() ? null : value.asText();
    }

    private static Money money(String currency, String amount) {
        return Amounts.money(currency, new BigDecimal(amount));
    }
}
