package io.omniretail.ingestion.pos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;

/** Fed with real Debezium records captured from the demo POS database (tools/pos-demo/examples). */
class PosTransactionAssemblerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Fixture(String topic, JsonNode value, String name) {
    }

    static Fixture fixture(String name) throws Exception {
        JsonNode file = JSON.readTree(Files.readString(Path.of("../../tools/pos-demo/examples", name + ".json")));
        return new Fixture(file.path("topic").asText(), file.path("value"), name);
    }

    private final PosTransactionAssembler<String> assembler = new PosTransactionAssembler<>("pos.demo", "JP");

    private List<PosTransactionAssembler.Completed<String>> feed(Fixture fixture) {
        return assembler.accept(fixture.topic(), fixture.value(), fixture.name());
    }

    @Test
    void aSaleAndItsLinesBecomeOnePurchaseOnceTheTransactionEndArrives() throws Exception {
        assertThat(feed(fixture("sale-tx-begin"))).singleElement()
                .satisfies(done -> assertThat(done.touchpoints()).isEmpty());
        // records of one transaction arrive on different partitions, in any order
        assertThat(feed(fixture("sale-lines-insert-line2"))).isEmpty();
        assertThat(feed(fixture("sale-tx-end"))).isEmpty();
        assertThat(feed(fixture("sale-lines-insert-line1"))).isEmpty();
        List<PosTransactionAssembler.Completed<String>> completed = feed(fixture("sales-insert"));

        assertThat(completed).singleElement().satisfies(done -> {
            assertThat(done.records()).containsExactlyInAnyOrder("sale-lines-insert-line2", "sale-tx-end",
                    "sale-lines-insert-line1", "sales-insert");
            assertThat(done.touchpoints()).singleElement().satisfies(keyed -> {
                Touchpoint tp = keyed.touchpoint();
                assertThat(keyed.key()).isEqualTo("pos-card:4900000000017");
                assertThat(tp.getType()).isEqualTo(TouchpointType.PURCHASE);
                assertThat(tp.getChannel()).isEqualTo(TouchpointChannel.STORE_POS);
                assertThat(tp.getStoreId()).isEqualTo("store-042");
                assertThat(tp.getIdentity().getPosLoyaltyCard()).isEqualTo("4900000000017");
                assertThat(tp.getPurchase().getTotal().getAmount()).isEqualByComparingTo("5480");
                assertThat(tp.getPurchase().getLines()).hasSize(2);
                assertThat(tp.getPurchase().getLines().get(0).getQuantity()).isPositive();
            });
        });
        assertThat(assembler.pendingTransactions()).isZero();
    }

    @Test
    void rowsRedeliveredWhileTheTransactionIsPendingCountOnceAndItStillCompletes() throws Exception {
        // the consumer read a sale and one line, lost its partitions in a broker restart and read them again
        assertThat(feed(fixture("sales-insert"))).isEmpty();
        assertThat(feed(fixture("sale-lines-insert-line1"))).isEmpty();
        assertThat(feed(fixture("sales-insert"))).isEmpty();
        assertThat(feed(fixture("sale-lines-insert-line1"))).isEmpty();
        assertThat(feed(fixture("sale-lines-insert-line2"))).isEmpty();
        List<PosTransactionAssembler.Completed<String>> completed = feed(fixture("sale-tx-end"));

        assertThat(completed).singleElement().satisfies(done -> {
            assertThat(done.touchpoints()).singleElement()
                    .satisfies(keyed -> assertThat(keyed.touchpoint().getPurchase().getLines()).hasSize(2));
            // every handle is acknowledged, the stale ones of the lost partitions included
            assertThat(done.records()).hasSize(6);
        });
        assertThat(assembler.pendingTransactions()).isZero();
    }

    @Test
    void rowsOfATransactionAlreadyPublishedComeBackAtOnceWithoutTouchpoints() throws Exception {
        for (String name : List.of("sales-insert", "sale-lines-insert-line1", "sale-lines-insert-line2")) {
            feed(fixture(name));
        }
        assertThat(feed(fixture("sale-tx-end"))).singleElement().satisfies(done -> assertThat(done.touchpoints()).hasSize(1));
        // part of it was committed before the partitions moved, part is read again: nothing waits for the rest
        assertThat(feed(fixture("sale-lines-insert-line2"))).singleElement().satisfies(done -> {
            assertThat(done.touchpoints()).isEmpty();
            assertThat(done.records()).containsExactly("sale-lines-insert-line2");
        });
        assertThat(feed(fixture("sale-tx-end"))).singleElement().satisfies(done -> assertThat(done.touchpoints()).isEmpty());
        assertThat(assembler.pendingTransactions()).isZero();
    }

    @Test
    void aReplayedTransactionYieldsTheSameTouchpointId() throws Exception {
        String first = replaySale();
        String second = replaySale();
        assertThat(second).isEqualTo(first);
    }

    private String replaySale() throws Exception {
        PosTransactionAssembler<String> fresh = new PosTransactionAssembler<>("pos.demo", "JP");
        for (String name : List.of("sales-insert", "sale-lines-insert-line1", "sale-lines-insert-line2")) {
            Fixture f = fixture(name);
            fresh.accept(f.topic(), f.value(), name);
        }
        Fixture end = fixture("sale-tx-end");
        return fresh.accept(end.topic(), end.value(), "end").get(0).touchpoints().get(0).touchpoint().getTouchpointId();
    }

    @Test
    void aStoreReturnBecomesARefundOfThatSale() throws Exception {
        feed(fixture("returns-insert"));
        List<PosTransactionAssembler.Completed<String>> completed = feed(fixture("return-tx-end"));
        assertThat(completed).singleElement().satisfies(done -> assertThat(done.touchpoints()).singleElement()
                .satisfies(keyed -> {
                    assertThat(keyed.touchpoint().getType()).isEqualTo(TouchpointType.REFUND);
                    assertThat(keyed.touchpoint().getRefund().getOrderId()).startsWith("pos-sale:");
                }));
    }

    @Test
    void aCustomerRowBecomesAVerifiedProfileUpdateAtOnce() throws Exception {
        assertThat(feed(fixture("customers-snapshot"))).singleElement().satisfies(done -> {
            assertThat(done.records()).containsExactly("customers-snapshot");
            Touchpoint tp = done.touchpoints().get(0).touchpoint();
            assertThat(tp.getType()).isEqualTo(TouchpointType.PROFILE_UPDATE);
            assertThat(tp.getIdentity().getVerified()).isTrue();
            assertThat(tp.getIdentity().getEmail()).isEqualTo("hana.yamada@example.jp");
            assertThat(tp.getIdentity().getPosLoyaltyCard()).isEqualTo("4900000000017");
        });
    }

    @Test
    void storesAndOtherTablesAreAcknowledgedWithoutTouchpoints() throws Exception {
        assertThat(feed(fixture("stores-snapshot"))).singleElement()
                .satisfies(done -> assertThat(done.touchpoints()).isEmpty());
    }
}
