package io.omniretail.promotions.coupon;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Coupon codes: unguessable (SecureRandom, 50 random bits) and human-typeable at a till or in a checkout: the
 * campaign's prefix and two groups of five characters of Crockford's base32 alphabet (no I, L, O, U), e.g.
 * {@code WEL-7K3QD-M9XTA}. What a shopper types is read leniently by {@link #normalize(String)}.
 *
 * <p>Ten characters rather than eight: with 40 bits the chance of one collision among 100,000 codes is ~0.5 %,
 * with 50 bits ~0.0005 %. Collisions are still checked before a code is used, and the column is unique.
 */
public final class CouponCodes {

    /** Crockford's base32: digits and upper-case letters without I, L, O and U. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    public static final int GROUP = 5;
    public static final int RANDOM_CHARS = 2 * GROUP;
    public static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{2,6}-[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}");

    private final SecureRandom random;

    public CouponCodes() {
        this(new SecureRandom());
    }

    public CouponCodes(SecureRandom random) {
        this.random = random;
    }

    /** A fresh code, e.g. next("WEL") = "WEL-7K3QD-M9XTA". */
    public String next(String prefix) {
        StringBuilder code = new StringBuilder(prefix.length() + RANDOM_CHARS + 2).append(prefix);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            if (i % GROUP == 0) {
                code.append('-');
            }
            code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }

    /**
     * The canonical form of a code as typed or scanned: upper case, spaces and extra hyphens ignored, and in the
     * random part the look-alikes O → 0 and I, L → 1 (Crockford's decoding rules). Anything that does not look
     * like a code comes back trimmed and upper-cased, so it simply matches no coupon.
     */
    public static String normalize(String typed) {
        if (typed == null) {
            return null;
        }
        String upper = typed.strip().toUpperCase(Locale.ROOT);
        int dash = upper.indexOf('-');
        if (dash <= 0) {
            return upper;
        }
        String prefix = upper.substring(0, dash).replaceAll("\\s", "");
        StringBuilder rest = new StringBuilder(RANDOM_CHARS);
        for (char c : upper.substring(dash + 1).toCharArray()) {
            switch (c) {
                case '-', ' ', '\t' -> {
                }
                case 'O' -> rest.append('0');
                case 'I', 'L' -> rest.append('1');
                default -> rest.append(c);
            }
        }
        if (rest.length() != RANDOM_CHARS) {
            return upper;
        }
        String canonical = prefix + "-" + rest.substring(0, GROUP) + "-" + rest.substring(GROUP);
        return FORMAT.matcher(canonical).matches() ? canonical : upper;
    }
}
