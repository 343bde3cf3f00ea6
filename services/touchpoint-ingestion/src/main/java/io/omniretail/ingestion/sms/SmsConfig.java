package io.omniretail.ingestion.sms;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Inbound SMS from Twilio-compatible providers, as configured in omniretail.sms.*. */
@ConfigMapping(prefix = "omniretail.sms")
public interface SmsConfig {

    /**
     * The retailer's SMS provider accounts and their auth tokens, "main=token1|token2"; the account name is the last
     * segment of the webhook URL ({@code /webhooks/sms/main}).
     */
    String authTokens();

    /**
     * The public origin the provider calls (e.g. {@code https://engage.example.com}), when a proxy or ingress stands in
     * front: the provider signs the URL it called, which this service cannot see behind a proxy. Unset: the
     * request's own URL.
     */
    Optional<String> publicBaseUrl();

    /** Whole-message keywords (after Unicode NFKC, trimmed, any case) that opt out of SMS from the retailer. */
    @WithDefault("STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,停止,配信停止,ストップ,解除")
    List<String> stopKeywords();

    /** Keywords that opt back in. */
    @WithDefault("START,YES,UNSTOP,開始,再開,スタート")
    List<String> startKeywords();

    /** Keywords that ask who is sending and how to opt out. */
    @WithDefault("HELP,INFO,ヘルプ")
    List<String> helpKeywords();

    /**
     * Keywords the provider answers itself (Twilio's default opt-out handling answers the English ones): no second
     * answer from here. The others get the confirmation carriers require, in the keyword's language.
     */
    @WithDefault("STOP,STOPALL,UNSUBSCRIBE,CANCEL,END,QUIT,START,YES,UNSTOP,HELP,INFO")
    List<String> providerAnsweredKeywords();

    /** The confirmations, per keyword and language (en, ja). */
    @WithDefault("You will no longer receive text messages from us. Reply START to subscribe again.")
    String stopReplyEn();

    @WithDefault("配信を停止しました。再開するには「開始」と返信してください。")
    String stopReplyJa();

    @WithDefault("You will receive text messages from us again. Reply STOP to unsubscribe.")
    String startReplyEn();

    @WithDefault("配信を再開しました。停止するには「停止」と返信してください。")
    String startReplyJa();

    @WithDefault("Reply STOP to unsubscribe, START to subscribe again. Message and data rates may apply.")
    String helpReplyEn();

    @WithDefault("配信停止は「停止」、再開は「開始」と返信してください。")
    String helpReplyJa();

    @WithDefault("65536")
    int maxBodyBytes();

    /** How long Kafka gets to acknowledge before the answer is 503 (the provider retries). */
    @WithDefault("PT3S")
    Duration publishTimeout();
}
