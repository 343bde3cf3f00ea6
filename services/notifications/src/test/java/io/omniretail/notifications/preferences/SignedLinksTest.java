package io.omniretail.notifications.preferences;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SignedLinksTest {

    static final Instant NOW = Instant.parse("2026-12-02T00:00:00Z");
    static final SignedLinks LINKS = new SignedLinks("a-secret-of-enough-length");

    @Test
    void aGenuineTokenGrantsItsCustomerAndScopeUntilItExpires() {
        String token = LINKS.sign("unsubscribe:EMAIL", "c-1", NOW.plusSeconds(60));
        assertThat(LINKS.verify(token, "unsubscribe:EMAIL", NOW)).get().extracting(SignedLinks.Grant::customerId).isEqualTo("c-1");
        assertThat(LINKS.verify(token, "unsubscribe:EMAIL", NOW.plusSeconds(60))).isEmpty();
    }

    @Test
    void aTokenOfOneScopeNeverOpensAnother() {
        String token = LINKS.sign("unsubscribe:EMAIL", "c-1", NOW.plusSeconds(60));
        assertThat(LINKS.verify(token, "preferences", NOW)).isEmpty();
        assertThat(LINKS.verify(token, "unsubscribe:SMS", NOW)).isEmpty();
    }

    @Test
    void aForgedOrAlteredTokenIsRefused() {
        String token = LINKS.sign("preferences", "c-1", NOW.plusSeconds(60));
        String otherCustomer = LINKS.sign("preferences", "c-2", NOW.plusSeconds(60));
        String spliced = otherCustomer.substring(0, otherCustomer.indexOf('.')) + token.substring(token.indexOf('.'));
        assertThat(LINKS.verify(spliced, "preferences", NOW)).isEmpty();
        assertThat(new SignedLinks("another-secret-of-length").verify(token, "preferences", NOW)).isEmpty();
        assertThat(LINKS.verify("not-a-token", "preferences", NOW)).isEmpty();
        assertThat(LINKS.verify("@@@.###", "preferences", NOW)).isEmpty();
        assertThat(LINKS.verify(null, "preferences", NOW)).isEmpty();
    }

    @Test
    void aShortSecretIsRefusedAtStart() {
        assertThatThrownBy(() -> new SignedLinks("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
