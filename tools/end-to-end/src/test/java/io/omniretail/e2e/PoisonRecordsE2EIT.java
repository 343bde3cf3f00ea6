package io.omniretail.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.omniretail.events.Topic;
import io.omniretail.events.Topics;
import io.omniretail.testing.TestProducer;
import io.omniretail.testing.TopicProbe;

/**
 * A record nobody can decode, written to every topic the services consume, ends in that topic's DLQ, once per
 * consuming service, with the reason in headers, and every service stays ready (keeps consuming).
 */
class PoisonRecordsE2EIT {

    /**
     * Each consumed platform topic and how many services read it (one DLQ record per consumer), from the catalog, and
     * of the CDC topics the sales table's.
     */
    static final Map<String, Integer> CONSUMED = consumed();

    static Map<String, Integer> consumed() {
        Map<String, Integer> consumed = new TreeMap<>();
        for (Topic<?> topic : Topics.ALL) {
            long readers = topic.readers().stream().filter(HostileRequestsE2EIT.SERVICES::containsKey).count();
            if (topic.dlq() && readers > 0 && topic.name().startsWith("retail.")) {
                consumed.put(topic.name(), (int) readers);
            }
        }
        consumed.put(Topics.POS_DEMO_PUBLIC_SALES.name(), 1);
        return consumed;
    }

    @Test
    void everyConsumedTopicDeadLettersUndecodableRecordsAndItsConsumersKeepGoing() {
        String marker = "poison-" + UUID.randomUUID();
        TestProducer producer = TestProducer.shared();
        Map<String, TopicProbe> dlqs = CONSUMED.keySet().stream()
                .collect(Collectors.toMap(topic -> topic, topic -> TopicProbe.from(topic + ".dlq")));
        try {
            // Confluent framing with a schema id no registry holds, then garbage: undecodable for Avro and JSON readers
            byte[] tail = ("garbage " + marker).getBytes(StandardCharsets.UTF_8);
            byte[] poison = ByteBuffer.allocate(5 + tail.length).put((byte) 0).putInt(Integer.MAX_VALUE - 7).put(tail).array();
            CONSUMED.keySet().forEach(topic -> producer.sendRaw(topic, marker, poison));
            CONSUMED.forEach((topic, consumers) -> {
                TopicProbe dlq = dlqs.get(topic);
                dlq.await(r -> marker.equals(r.key()), OneShopperAcrossChannelsE2EIT.WAIT);
                List<TopicProbe.Received> dead = dlq.collect(Duration.ofSeconds(1)).stream()
                        .filter(r -> marker.equals(r.key())).toList();
                Set<String> by = dead.stream().map(r -> r.headers().get("dlq.consumer")).collect(Collectors.toSet());
                assertThat(by).as(topic + " dead-lettered by each consumer").hasSize(consumers);
                assertThat(dead).allSatisfy(r -> {
                    assertThat(r.headers()).containsEntry("dlq.original.topic", topic).containsKey("dlq.reason");
                    assertThat(new String(r.rawValue(), StandardCharsets.UTF_8)).endsWith("garbage " + marker);
                });
            });
        } finally {
            dlqs.values().forEach(TopicProbe::close);
        }
        for (int offset : List.of(1, 2, 3, 4, 5, 6, 7, 10)) {
            given().get(OneShopperAcrossChannelsE2EIT.service(offset) + "/q/health/ready").then().statusCode(200);
        }
    }
}
