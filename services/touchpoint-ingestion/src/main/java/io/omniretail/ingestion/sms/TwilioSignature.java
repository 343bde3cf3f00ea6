package io.omniretail.ingestion.sms;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.omniretail.ingestion.edge.Signatures;

/**
 * Twilio's request signature (twilio.com/docs/usage/security): X-Twilio-Signature is
 * base64(HMAC-SHA1(auth token, the full URL Twilio called + every POST parameter sorted by name, each name followed
 * by its value)). Parameters with several values contribute each value in order, after their name.
 */
public final class TwilioSignature {

    private TwilioSignature() {
    }

    public static String signedText(String url, Map<String, List<String>> parameters) {
        StringBuilder text = new StringBuilder(url);
        new TreeMap<>(parameters).forEach((name, values) -> values.stream().sorted().forEach(value -> text.append(name).append(value)));
        return text.toString();
    }

    public static boolean verify(String presented, List<byte[]> tokens, String url, Map<String, List<String>> parameters) {
        byte[] text = Signatures.utf8(signedText(url, parameters));
        return Signatures.matchesBase64(presented, tokens, token -> Signatures.hmacSha1(token, text));
    }
}
