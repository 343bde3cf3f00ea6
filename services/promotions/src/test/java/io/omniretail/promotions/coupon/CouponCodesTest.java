package io.omniretail.promotions.coupon;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class CouponCodesTest {

    private final CouponCodes codes = new CouponCodes();

    @Test
    void aCodeIsThePrefixAndTwoGroupsOfFiveCrockfordCharacters() {
        String code = codes.next("WEL");
        assertThat(code).matches("WEL-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");
        assertThat(CouponCodes.FORMAT.matcher(code).matches()).isTrue();
        assertThat(code).hasSize("WEL-".length() + 11);
    }

    @Test
    void theAlphabetIsCrockfordsBase32WithoutLookAlikes() {
        assertThat(CouponCodes.ALPHABET).hasSize(32).doesNotContain("I", "L", "O", "U");
        assertThat(CouponCodes.ALPHABET.chars().distinct().count()).isEqualTo(32L);
        Set<Character> used = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            for (char c : codes.next("STV").substring(4).replace("-", "").toCharArray()) {
                assertThat(CouponCodes.ALPHABET.indexOf(c)).as("character %s", c).isGreaterThanOrEqualTo(0);
                used.add(c);
            }
        }
        assertThat(used).as("every symbol shows up").hasSize(32);
    }

    @Test
    void aHundredThousandCodesNeverCollide() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add(codes.next("WEL"))).isTrue();
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void typedCodesAreReadLeniently() {
        String code = codes.next("WEL");
        assertThat(CouponCodes.normalize(code)).isEqualTo(code);
        assertThat(CouponCodes.normalize("  " + code.toLowerCase() + " ")).isEqualTo(code);
        assertThat(CouponCodes.normalize("wel-0k3qd-m9xta")).isEqualTo("WEL-0K3QD-M9XTA");
        assertThat(CouponCodes.normalize("wel-ok3qd-m9xta")).isEqualTo("WEL-0K3QD-M9XTA");
        assertThat(CouponCodes.normalize("WEL-1K3QD-M9XTA")).isEqualTo(CouponCodes.normalize("WEL-lK3QD-M9XTA"));
        assertThat(CouponCodes.normalize("WEL-IK3QD-M9XTA")).isEqualTo("WEL-1K3QD-M9XTA");
        assertThat(CouponCodes.normalize("WEL-0K3QDM9XTA")).isEqualTo("WEL-0K3QD-M9XTA");
        assertThat(CouponCodes.normalize("WEL 0K3QD M9XTA")).isEqualTo("WEL 0K3QD M9XTA");
        assertThat(CouponCodes.normalize("summer10")).isEqualTo("SUMMER10");
        assertThat(CouponCodes.normalize(null)).isNull();
    }
}
