package io.omniretail.gateway;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import io.omniretail.events.customer.ContactChannel;
import io.omniretail.events.notification.DeliveryStatus;

/**
 * What a simulated provider answers for one message: pure, no Kafka, no CDI (unit-tested on its own).
 * <ol>
 * <li>an address the channel cannot reach: {@code REJECTED} / {@value #INVALID_RECIPIENT} (what a provider's API
 * answers synchronously);</li>
 * <li>a recipient listed in {@code omniretail.gateway.failing-recipients}, or matching (whole string) the regex
 * {@code omniretail.gateway.fail-pattern}: {@code FAILED} / {@value #PROVIDER_UNAVAILABLE}, so tests can drive the
 * notifications service's fallback to the next channel;</li>
 * <li>otherwise {@code ACCEPTED} (the gateway reports {@code DELIVERED} after the configured delay).</li>
 * </ol>
 */
public final class DeliveryRules {

    public static final String INVALID_RECIPIENT = "invalid-recipient";
    public static final String PROVIDER_UNAVAILABLE = "provider-unavailable";
    /** A channel no simulated provider serves (UNKNOWN). */
    public static final String UNSUPPORTED_CHANNEL = "unsupported-channel";

    /** E.164: '+', a country code not starting with 0, 8 to 15 digits in all. */
    static final Pattern E164 = Pattern.compile("^\\+[1-9]\\d{7,14}$");
    /** LINE user ids: 'U' followed by 32 characters (32 hex digits in practice). */
    static final int LINE_USER_ID_LENGTH = 33;

    /** The provider's answer: status plus, for REJECTED and FAILED, an error code and message. */
    public record Verdict(DeliveryStatus status, String errorCode, String errorMessage) {

        public static Verdict accepted() {
            return new Verdict(DeliveryStatus.ACCEPTED, null, null);
        }

        public static Verdict rejected(String errorCode, String errorMessage) {
            return new Verdict(DeliveryStatus.REJECTED, errorCode, errorMessage);
        }

        public static Verdict failed(String errorCode, String errorMessage) {
            return new Verdict(DeliveryStatus.FAILED, errorCode, errorMessage);
        }

        public boolean isAccepted() {
            return status == DeliveryStatus.ACCEPTED;
        }
    }

    private final Set<String> failingRecipients;
    private final Pattern failPattern;

    /**
     * @param failingRecipients recipients that always fail (compared exactly, after trimming; blanks ignored)
     * @param failPattern       a regex; recipients it matches as a whole always fail; null or blank for none
     * @throws IllegalArgumentException when the pattern is not a valid regex
     */
    public DeliveryRules(Collection<String> failingRecipients, String failPattern) {
        Set<String> failing = new LinkedHashSet<>();
        if (failingRecipients != null) {
            for (String recipient : failingRecipients) {
                if (recipient != null && !recipient.isBlank()) {
                    failing.add(recipient.trim());
                }
            }
        }
        this.failingRecipients = Set.copyOf(failing);
        try {
            this.failPattern = failPattern == null || failPattern.isBlank() ? null : Pattern.compile(failPattern.trim());
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("omniretail.gateway.fail-pattern is not a valid regex: " + e.getMessage(), e);
        }
    }

    /** No failure rule: every valid recipient is delivered. */
    public static DeliveryRules none() {
        return new DeliveryRules(Set.of(), null);
    }

    /** From the configuration's forms: a comma-separated list (null or blank for none) and a regex (null for none). */
    public static DeliveryRules of(String failingRecipientsCsv, String failPattern) {
        Collection<String> failing = failingRecipientsCsv == null ? Set.of() : Arrays.asList(failingRecipientsCsv.split(","));
        return new DeliveryRules(failing, failPattern);
    }

    /** The provider's answer for a message to {@code recipient} on {@code channel}. */
    public Verdict decide(ContactChannel channel, String recipient) {
        Optional<String> invalid = invalidRecipient(channel, recipient);
        if (invalid.isPresent()) {
            boolean served = channel != ContactChannel.UNKNOWN;
            return Verdict.rejected(served ? INVALID_RECIPIENT : UNSUPPORTED_CHANNEL, invalid.get());
        }
        if (failsAtProvider(recipient)) {
            return Verdict.failed(PROVIDER_UNAVAILABLE,
                    "simulated " + channelName(channel) + " provider outage for this recipient (omniretail.gateway failure rule)");
        }
        return Verdict.accepted();
    }

    /** Why the channel cannot reach this address, or empty when it can. */
    public static Optional<String> invalidRecipient(ContactChannel channel, String recipient) {
        if (channel == null) {
            return Optional.of("no channel");
        }
        if (recipient == null) {
            return Optional.of(channelName(channel) + " recipient is missing");
        }
        return switch (channel) {
            case SMS, VOICE -> E164.matcher(recipient).matches()
                    ? Optional.empty()
                    : Optional.of(channel + " recipient is not an E.164 phone number (+ and 8 to 15 digits)");
            case EMAIL -> isEmailAddress(recipient)
                    ? Optional.empty()
                    : Optional.of("e-mail recipient is not an address of the form local@domain.tld");
            case LINE -> recipient.length() == LINE_USER_ID_LENGTH && recipient.startsWith("U")
                    ? Optional.empty()
                    : Optional.of("LINE recipient is not a LINE user id ('U' and 32 characters)");
            case PUSH -> !recipient.isBlank()
                    ? Optional.empty()
                    : Optional.of("push recipient has no device token");
            case CHAT -> !recipient.isBlank()
                    ? Optional.empty()
                    : Optional.of("chat recipient has no account id");
            default -> Optional.of("no simulated provider for channel " + channel);
        };
    }

    /** True when the failure rule makes the provider fail for this recipient. */
    public boolean failsAtProvider(String recipient) {
        if (recipient == null) {
            return false;
        }
        return failingRecipients.contains(recipient)
                || (failPattern != null && failPattern.matcher(recipient).matches());
    }

    public Set<String> failingRecipients() {
        return failingRecipients;
    }

    public Optional<String> failPattern() {
        return Optional.ofNullable(failPattern).map(Pattern::pattern);
    }

    /**
     * One '@' with a non-empty local part before it, and a dot after it inside the domain (neither its first nor its
     * last character); no whitespace anywhere.
     */
    static boolean isEmailAddress(String recipient) {
        int at = recipient.indexOf('@');
        if (at <= 0 || at != recipient.lastIndexOf('@') || recipient.chars().anyMatch(Character::isWhitespace)) {
            return false;
        }
        String domain = recipient.substring(at + 1);
        int dot = domain.indexOf('.');
        return dot > 0 && !domain.endsWith(".");
    }

    private static String channelName(ContactChannel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "DeliveryRules[failingRecipients=" + failingRecipients + ", failPattern=" + failPattern().orElse("none") + "]";
    }
}
