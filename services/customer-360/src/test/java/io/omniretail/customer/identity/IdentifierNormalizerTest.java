package io.omniretail.customer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.omniretail.events.customer.IdentifierType;
import io.omniretail.events.touchpoint.IdentityHints;

class IdentifierNormalizerTest {

    private final IdentifierNormalizer normalizer = new IdentifierNormalizer("JP");

    @Test
    void japaneseNationalAndInternationalFormsOfOnePhoneAreTheSameE164() {
        assertThat(normalizer.phone("090-1234-5678", null)).isEqualTo("+819012345678");
        assertThat(normalizer.phone("+81 90-1234-5678", "US")).isEqualTo("+819012345678");
        assertThat(normalizer.phone("(415) 555-0134", "US")).isEqualTo("+14155550134");
        assertThat(normalizer.phone("12", "JP")).isNull();
    }

    @Test
    void emailsAreLowerCasedAndTrimmedAndNonsenseIsDropped() {
        assertThat(IdentifierNormalizer.email("  Hana.Yamada@Example.JP ")).isEqualTo("hana.yamada@example.jp");
        assertThat(IdentifierNormalizer.email("not-an-address")).isNull();
        assertThat(IdentifierNormalizer.email("a@@b.c")).isNull();
    }

    @Test
    void identifiersComeStrongestFirstWithTheSourcesVerification() {
        IdentityHints hints = IdentityHints.newBuilder().setEmail("HANA@example.jp").setRawPhone("090-1234-5678")
                .setPosLoyaltyCard("4900000000017").setShopifyCustomerId("7598311063626").setVerified(true).build();
        assertThat(normalizer.normalize(hints)).extracting(IdentifierNormalizer.Identifier::type).containsExactly(
                IdentifierType.SHOPIFY_CUSTOMER_ID, IdentifierType.POS_LOYALTY_CARD, IdentifierType.EMAIL, IdentifierType.PHONE);
        assertThat(normalizer.normalize(hints)).allMatch(IdentifierNormalizer.Identifier::verified);
    }
}
