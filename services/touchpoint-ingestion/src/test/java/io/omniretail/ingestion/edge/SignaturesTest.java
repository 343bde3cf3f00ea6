package io.omniretail.ingestion.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.omniretail.ingestion.sms.TwilioSignature;

/** The providers' signing algorithms against the vectors their own documentation and SDK tests publish. */
class SignaturesTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void lineSignatureIsTheChannelSecretsHmacSha256OfTheRawBodyInBase64() {
        // line-bot-sdk's own test vector: channel secret "SECRET", body "{}"
        String signature = Base64.getEncoder().encodeToString(Signatures.hmacSha256(utf8("SECRET"), utf8("{}")));
        assertThat(signature).isEqualTo("3q8QXTAGaey18yL8FWTqdVlbMr6hcuNvM4tefa0o9nA=");
        assertThat(Signatures.matchesBase64(signature, List.of(utf8("OLD"), utf8("SECRET")),
                secret -> Signatures.hmacSha256(secret, utf8("{}")))).as("any secret of a rotation verifies").isTrue();
        assertThat(Signatures.matchesBase64(signature, List.of(utf8("SECRET")), secret -> Signatures.hmacSha256(secret, utf8("{ }"))))
                .as("one byte more").isFalse();
        assertThat(Signatures.matchesBase64("not base64!", List.of(utf8("SECRET")), secret -> Signatures.hmacSha256(secret, utf8("{}"))))
                .isFalse();
    }

    @Test
    void twilioSignatureIsTheAuthTokensHmacSha1OfTheUrlAndTheSortedParameters() {
        // twilio.com/docs/usage/security: the documented example request and its signature
        String url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        Map<String, List<String>> parameters = Map.of("CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+12349013030"),
                "Digits", List.of("1234"), "From", List.of("+12349013030"), "To", List.of("+18005551212"));
        assertThat(TwilioSignature.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", List.of(utf8("12345")), url, parameters)).isTrue();
        assertThat(TwilioSignature.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", List.of(utf8("12345")), url.replace("foo=1", "foo=2"), parameters))
                .as("the URL is signed").isFalse();
        assertThat(TwilioSignature.verify("0/KCTR6DLpKmkAf8muzZqo1nDgQ=", List.of(utf8("12346")), url, parameters)).isFalse();
    }

    @Test
    void timestampedSignatureVerifiesWithinTheToleranceOnly() {
        byte[] body = utf8("{\"eventId\":\"e-1\"}");
        Instant now = Instant.parse("2026-12-01T00:00:00Z");
        String header = TimestampedSignature.sign(utf8("secret"), now.getEpochSecond(), body);
        List<byte[]> secrets = List.of(utf8("secret"));
        Duration tolerance = Duration.ofMinutes(5);

        assertThat(TimestampedSignature.verify(header, body, secrets, now.plusSeconds(299), tolerance)).isEqualTo(TimestampedSignature.Outcome.VALID);
        assertThat(TimestampedSignature.verify(header, body, secrets, now.plusSeconds(301), tolerance)).isEqualTo(TimestampedSignature.Outcome.STALE);
        assertThat(TimestampedSignature.verify(header, utf8("{\"eventId\":\"e-2\"}"), secrets, now, tolerance))
                .isEqualTo(TimestampedSignature.Outcome.INVALID);
        // the timestamp is signed: moving it forward breaks the signature
        String moved = header.replace("t=" + now.getEpochSecond(), "t=" + (now.getEpochSecond() + 600));
        assertThat(TimestampedSignature.verify(moved, body, secrets, now.plusSeconds(600), tolerance)).isEqualTo(TimestampedSignature.Outcome.INVALID);
        assertThat(TimestampedSignature.verify("v1=abc", body, secrets, now, tolerance)).isEqualTo(TimestampedSignature.Outcome.INVALID);
    }
}
