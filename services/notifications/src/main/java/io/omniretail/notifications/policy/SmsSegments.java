package io.omniretail.notifications.policy;

import io.omniretail.events.notification.SmsEncoding;

/**
 * How many SMS segments a text takes, as carriers count them (3GPP TS 23.038): GSM-7 when every character is in the
 * GSM 03.38 basic set or its extension table (an extension character takes two septets), 160 septets in one segment and
 * 153 per segment of a concatenated message; otherwise UCS-2 (any Japanese text), 70 UTF-16 units in one, 67 per
 * segment. A segment never ends inside an escape pair or a surrogate pair. Pure.
 */
public final class SmsSegments {

    public record Count(SmsEncoding encoding, int segments, int units) {
    }

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    private SmsSegments() {
    }

    public static Count of(String text) {
        boolean gsm = text.chars().allMatch(c -> GSM_BASIC.indexOf(c) >= 0 || GSM_EXTENSION.indexOf(c) >= 0);
        return gsm ? gsm7(text) : ucs2(text);
    }

    private static Count gsm7(String text) {
        int septets = 0;
        for (int i = 0; i < text.length(); i++) {
            septets += GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
        }
        if (septets <= 160) {
            return new Count(SmsEncoding.GSM_7, 1, septets);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = GSM_EXTENSION.indexOf(text.charAt(i)) >= 0 ? 2 : 1;
            if (used + width > 153) {
                segments++;
                used = 0;
            }
            used += width;
        }
        return new Count(SmsEncoding.GSM_7, segments, septets);
    }

    private static Count ucs2(String text) {
        int units = text.length();
        if (units <= 70) {
            return new Count(SmsEncoding.UCS_2, 1, units);
        }
        int segments = 1;
        int used = 0;
        for (int i = 0; i < text.length(); i++) {
            int width = Character.isHighSurrogate(text.charAt(i)) && i + 1 < text.length() ? 2 : 1;
            if (used + width > 67) {
                segments++;
                used = 0;
            }
            used += width;
            i += width - 1;
        }
        return new Count(SmsEncoding.UCS_2, segments, units);
    }
}
