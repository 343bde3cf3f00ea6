package io.omniretail.ingestion.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.testing.TestStack;
import io.omniretail.testing.TopicProbe;
import io.quarkus.test.junit.QuarkusTest;

/** A sale committed in the store's POS database, captured by the real Debezium connector, becomes ONE touchpoint. */
@QuarkusTest
class PosSaleIT {

    @Test
    void aSaleWithTwoLinesCommittedInOneTransactionBecomesOnePurchaseTouchpoint() throws Exception {
        String receipt = "IT-" + UUID.randomUUID();
        try (TopicProbe touchpoints = TopicProbe.from("retail.touchpoints.v1")) {
            try (Connection pos = DriverManager.getConnection(TestStack.jdbcUrl("pos"), "pos", TestStack.postgresPassword())) {
                pos.setAutoCommit(false);
                long saleId;
                try (PreparedStatement sale = pos.prepareStatement("""
                        INSERT INTO sales (store_id, customer_id, loyalty_card_no, receipt_no, total, currency, sold_at, coupon_codes)
                        SELECT 'store-042', customer_id, loyalty_card_no, ?, 5480.00, 'JPY', now(), 'WEL-7K3QD-M9XTA, STAFF10'
                        FROM customers WHERE loyalty_card_no = '4900000000017' RETURNING sale_id""")) {
                    sale.setString(1, receipt);
                    try (ResultSet rs = sale.executeQuery()) {
                        rs.next();
                        saleId = rs.getLong(1);
                    }
                }
                try (PreparedStatement line = pos.prepareStatement("""
                        INSERT INTO sale_lines (sale_id, line_no, sku, title, quantity, unit_price, amount, category)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                    addLine(line, saleId, 1, "TEE-ORG-WHT-M", "Organic cotton tee", 2, "1500.00");
                    addLine(line, saleId, 2, "MUG-HASAMI-BLU", "Hasami porcelain mug", 1, "2480.00");
                    line.executeBatch();
                }
                pos.commit();
            }

            TopicProbe.Received received = touchpoints.await(r -> r.value() instanceof Touchpoint tp && tp.getPurchase() != null
                    && receipt.equals(tp.getPurchase().getOrderNumber()), Duration.ofSeconds(30));
            Touchpoint tp = (Touchpoint) received.value();
            assertThat(tp.getType()).isEqualTo(TouchpointType.PURCHASE);
            assertThat(tp.getPurchase().getLines()).extracting(l -> l.getSku() + "/" + l.getCategory())
                    .containsExactly("TEE-ORG-WHT-M/apparel", "MUG-HASAMI-BLU/homeware");
            assertThat(tp.getPurchase().getCouponCodes()).as("the till's codes, for promotions' store redemptions")
                    .containsExactly("WEL-7K3QD-M9XTA", "STAFF10");
            assertThat(received.key()).isEqualTo("pos-card:4900000000017");
            assertThat(touchpoints.collect(Duration.ofSeconds(2)))
                    .filteredOn(r -> r.value() instanceof Touchpoint t && t.getPurchase() != null && receipt.equals(t.getPurchase().getOrderNumber()))
                    .as("one touchpoint per sale, not one per row").hasSize(1);
        }
    }

    private static void addLine(PreparedStatement line, long saleId, int no, String sku, String title, int qty, String price) throws Exception {
        line.setLong(1, saleId);
        line.setInt(2, no);
        line.setString(3, sku);
        line.setString(4, title);
        line.setInt(5, qty);
        line.setBigDecimal(6, new BigDecimal(price));
        line.setBigDecimal(7, new BigDecimal(price).multiply(BigDecimal.valueOf(qty)));
        line.setString(8, sku.startsWith("TEE") ? "apparel" : "homeware");
        line.addBatch();
    }
}
