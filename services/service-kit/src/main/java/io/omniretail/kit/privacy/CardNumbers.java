package io.omniretail.kit.privacy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers (PANs) in free text, found and masked so that no topic, table, rule or model input of the
 * platform ever holds one (ADR 0030). Pure and thread-safe.
 *
 * <p>A card number is a whole run of 13 to 19 digits, ASCII or full-width (as typed on Japanese keyboards), with up to
 * two spaces or dashes between digits, that passes the Luhn check. A run that continues beyond 19 digits is not a card
 * number, and no window inside it is checked. The mask keeps the last four digits, as receipts do, so a person can
 * still tell which card was meant: {@code ************1111}. Runs that fail the Luhn check (order numbers, phone numbers) are left as they are.
 */
public final class CardNumbers {

    private static final String DIGIT = "[0-9\\uFF10-\\uFF19]";
    /** Spaces and dashes, half- and full-width, and the long-vowel mark a Japanese keyboard gives for a dash. */
    private static final String SEPARATOR = "[ \\u3000\\-\\u2010-\\u2015\\u2212\\uFF0D\\u30FC]";
    /** A whole run of digits, up to two separators between two digits, not continuing on either side. */
    private static final Pattern CANDIDATE = Pattern.compile("(?<!" + DIGIT + SEPARATOR + "{0,2})" + DIGIT
            + "(?:" + SEPARATOR + "{0,2}" + DIGIT + "){12,18}(?!" + SEPARATOR + "{0,2}" + DIGIT + ")");
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private static final int KEPT_DIGITS = 4;

    private CardNumbers() {
    }

    /** The text with every card number masked; the same instance when there is none (or the text is null). */
    public static String mask(String text) {
        if (text == null || text.length() < MIN_DIGITS) {
            return text;
        }
        Matcher candidates = CANDIDATE.matcher(text);
        StringBuilder masked = null;
        int copied = 0;
        while (candidates.find()) {
            String digits = digitsOf(candidates.group());
            if (digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS || !luhn(digits)) {
                continue;
            }
            if (masked == null) {
                masked = new StringBuilder(text.length());
            }
            masked.append(text, copied, candidates.start())
                    .append("*".repeat(digits.length() - KEPT_DIGITS))
                    .append(digits, digits.length() - KEPT_DIGITS, digits.length());
            copied = candidates.end();
        }
        return masked == null ? text : masked.append(text, copied, text.length()).toString();
    }

    /** Whether the text holds a card number. */
    public static boolean contains(String text) {
        return text != null && !mask(text).equals(text);
    }

    private static String digitsOf(String candidate) {
        StringBuilder digits = new StringBuilder(candidate.length());
        for (int i = 0; i < candidate.length(); i++) {
            int digit = Character.digit(candidate.charAt(i), 10);
            if (digit >= 0) {
                digits.append((char) ('0' + digit));
            }
        }
        return digits.toString();
    }

    /** The Luhn (mod 10) check every card scheme's numbers satisfy. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }
}
