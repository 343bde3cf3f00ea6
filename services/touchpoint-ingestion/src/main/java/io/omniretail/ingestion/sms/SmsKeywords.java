package io.omniretail.ingestion.sms;

import java.text.Normalizer;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import io.omniretail.events.touchpoint.MessageKeyword;

/**
 * Recognises carrier keywords the way carriers and Twilio do: the WHOLE message is the keyword, ignoring case and
 * surrounding white space ("stop" and " Stop " opt out; "please stop" is a message). Messages are compared after
 * Unicode NFKC, so full-width "ＳＴＯＰ" typed on a Japanese keyboard is STOP too. STOP wins over START over HELP if
 * a list names a word twice.
 */
public final class SmsKeywords {

    private final Set<String> stop;
    private final Set<String> start;
    private final Set<String> help;
    private final Set<String> providerAnswered;

    public SmsKeywords(List<String> stop, List<String> start, List<String> help, List<String> providerAnswered) {
        this.stop = normalized(stop);
        this.start = normalized(start);
        this.help = normalized(help);
        this.providerAnswered = normalized(providerAnswered);
    }

    public Optional<MessageKeyword> keyword(String body) {
        String word = normalize(body);
        if (word.isEmpty()) {
            return Optional.empty();
        }
        if (stop.contains(word)) {
            return Optional.of(MessageKeyword.STOP);
        }
        if (start.contains(word)) {
            return Optional.of(MessageKeyword.START);
        }
        return help.contains(word) ? Optional.of(MessageKeyword.HELP) : Optional.empty();
    }

    /** Whether the provider answers this message itself (no confirmation from here). */
    public boolean providerAnswers(String body) {
        return providerAnswered.contains(normalize(body));
    }

    /** The language to confirm in: Japanese when the keyword was written in Japanese script, else English. */
    public static String language(String body) {
        return normalize(body).codePoints().anyMatch(c -> c > 0x2E80) ? "ja" : "en";
    }

    static String normalize(String body) {
        return body == null ? "" : Normalizer.normalize(body, Normalizer.Form.NFKC).strip().toUpperCase(Locale.ROOT);
    }

    private static Set<String> normalized(List<String> words) {
        Set<String> set = new HashSet<>();
        words.forEach(word -> set.add(normalize(word)));
        return Set.copyOf(set);
    }
}
