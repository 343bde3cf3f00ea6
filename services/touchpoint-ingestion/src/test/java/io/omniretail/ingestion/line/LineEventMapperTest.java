package io.omniretail.ingestion.line;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.MessageKind;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.ingestion.edge.StrictJson;

class LineEventMapperTest {

    static final String USER = "U4af4980629a0b0c0d0e0f0a0b0c0d0e0";
    private final LineLinkNonces nonces = new LineLinkNonces("a-link-secret-of-at-least-32-characters!", Duration.ofMinutes(10));
    private final Instant now = Instant.parse("2026-12-01T00:00:00Z");

    private LineEventMapper.Mapped map(String events) throws Exception {
        String body = "{\"destination\": \"Uxxxxxxxx\", \"events\": [" + events + "]}";
        return LineEventMapper.map("main", StrictJson.read(StrictJson.mapper(), body.getBytes(), LinePayloads.Webhook.class), nonces, now);
    }

    private static String event(String type, String extra) {
        return """
                {"type": "%s", "mode": "active", "timestamp": 1764547200000, "source": {"type": "user", "userId": "%s"},
                 "webhookEventId": "01FZ74A0TDDPYRVKNK77XKC3ZR-%s", "deliveryContext": {"isRedelivery": false}%s}"""
                .formatted(type, USER, type, extra);
    }

    @Test
    void aTextMessageIsReceivedInTheUsersConversation() throws Exception {
        var mapped = map(event("message", ", \"message\": {\"id\": \"444573844083572737\", \"type\": \"text\", \"text\": \"在庫ありますか\"}"));
        assertThat(mapped.touchpoints()).singleElement().satisfies(keyed -> {
            assertThat(keyed.key()).isEqualTo("line:main:" + USER);
            assertThat(keyed.touchpoint().getType()).isEqualTo(TouchpointType.MESSAGE_RECEIVED);
            assertThat(keyed.touchpoint().getChannel()).isEqualTo(TouchpointChannel.LINE);
            assertThat(keyed.touchpoint().getMessage().getConversationId()).isEqualTo("line:main:" + USER);
            assertThat(keyed.touchpoint().getMessage().getText()).isEqualTo("在庫ありますか");
            assertThat(keyed.touchpoint().getIdentity().getLineUserId()).isEqualTo(USER);
            assertThat(keyed.touchpoint().getIdentity().getVerified()).isFalse();
        });
    }

    @Test
    void followGrantsAndUnfollowWithdrawsLineForEveryPurpose() throws Exception {
        var mapped = map(event("follow", ", \"follow\": {\"isUnblocked\": true}") + "," + event("unfollow", ""));
        assertThat(mapped.touchpoints()).extracting(k -> k.touchpoint().getType())
                .containsExactly(TouchpointType.CHANNEL_FOLLOWED, TouchpointType.CHANNEL_UNFOLLOWED);
        assertThat(mapped.touchpoints().get(0).touchpoint().getConsents()).singleElement()
                .satisfies(c -> assertThat(List.of(c.getChannel(), c.getGranted(), c.getAllPurposes())).containsExactly("LINE", true, true));
        assertThat(mapped.touchpoints().get(1).touchpoint().getConsents()).singleElement()
                .satisfies(c -> assertThat(c.getGranted()).isFalse());
    }

    @Test
    void aPostbackCarriesItsData() throws Exception {
        var mapped = map(event("postback", ", \"postback\": {\"data\": \"action=book&store=042\"}"));
        assertThat(mapped.touchpoints().get(0).touchpoint().getMessage().getKind()).isEqualTo(MessageKind.POSTBACK);
        assertThat(mapped.touchpoints().get(0).touchpoint().getMessage().getPostbackData()).isEqualTo("action=book&store=042");
    }

    @Test
    void anAccountLinkWithAGenuineNonceJoinsTheLineUserToTheAccountAsVerified() throws Exception {
        String nonce = nonces.issue("acct-1001", now).nonce();
        var mapped = map(event("accountLink", ", \"link\": {\"result\": \"ok\", \"nonce\": \"" + nonce + "\"}"));
        assertThat(mapped.touchpoints()).singleElement().satisfies(keyed -> {
            assertThat(keyed.touchpoint().getType()).isEqualTo(TouchpointType.ACCOUNT_LINKED);
            assertThat(keyed.touchpoint().getIdentity().getAccountId()).isEqualTo("acct-1001");
            assertThat(keyed.touchpoint().getIdentity().getLineUserId()).isEqualTo(USER);
            assertThat(keyed.touchpoint().getIdentity().getVerified()).isTrue();
        });
    }

    @Test
    void aForgedExpiredOrFailedLinkJoinsNobody() throws Exception {
        String genuine = nonces.issue("acct-1001", now).nonce();
        String forged = new LineLinkNonces("another-secret-of-at-least-32-characters", Duration.ofMinutes(10)).issue("acct-1001", now).nonce();
        String expired = nonces.issue("acct-1001", now.minus(Duration.ofMinutes(11))).nonce();
        var mapped = map(String.join(",", event("accountLink", ", \"link\": {\"result\": \"ok\", \"nonce\": \"" + forged + "\"}"),
                event("accountLink", ", \"link\": {\"result\": \"ok\", \"nonce\": \"" + expired + "\"}"),
                event("accountLink", ", \"link\": {\"result\": \"failed\", \"nonce\": \"" + genuine + "\"}")));
        assertThat(mapped.touchpoints()).isEmpty();
        assertThat(mapped.skipped()).hasSize(3);
    }

    @Test
    void aGroupEventWithoutAUserIsSkippedWithTheReason() throws Exception {
        var mapped = map("""
                {"type": "message", "timestamp": 1764547200000, "source": {"type": "group", "groupId": "Cxxx"},
                 "webhookEventId": "01G", "message": {"id": "1", "type": "text", "text": "hi"}}""");
        assertThat(mapped.touchpoints()).isEmpty();
        assertThat(mapped.skipped()).singleElement().asString().contains("no user");
    }
}
