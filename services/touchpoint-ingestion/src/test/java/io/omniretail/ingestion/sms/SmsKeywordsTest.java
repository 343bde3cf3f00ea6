package io.omniretail.ingestion.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.omniretail.events.touchpoint.MessageKeyword;

class SmsKeywordsTest {

    private final SmsKeywords keywords = new SmsKeywords(
            List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "停止", "配信停止", "ストップ", "解除"),
            List.of("START", "YES", "UNSTOP", "開始", "再開", "スタート"), List.of("HELP", "INFO", "ヘルプ"),
            List.of("STOP", "START", "HELP"));

    @Test
    void theWholeMessageInAnyCaseAndWidthIsTheKeyword() {
        assertThat(keywords.keyword("stop")).contains(MessageKeyword.STOP);
        assertThat(keywords.keyword("  Stop \n")).contains(MessageKeyword.STOP);
        assertThat(keywords.keyword("ＳＴＯＰ")).as("full-width, from a Japanese keyboard").contains(MessageKeyword.STOP);
        assertThat(keywords.keyword("配信停止")).contains(MessageKeyword.STOP);
        assertThat(keywords.keyword("ｽﾄｯﾌﾟ")).as("half-width katakana").contains(MessageKeyword.STOP);
        assertThat(keywords.keyword("再開")).contains(MessageKeyword.START);
        assertThat(keywords.keyword("unstop")).contains(MessageKeyword.START);
        assertThat(keywords.keyword("ヘルプ")).contains(MessageKeyword.HELP);
    }

    @Test
    void aKeywordInsideASentenceIsAMessage() {
        assertThat(keywords.keyword("please stop")).isEmpty();
        assertThat(keywords.keyword("停止してください")).isEmpty();
        assertThat(keywords.keyword("")).isEmpty();
        assertThat(keywords.keyword(null)).isEmpty();
    }

    @Test
    void theConfirmationLanguageFollowsTheKeywordsScriptAndTheProviderAnswersItsOwn() {
        assertThat(SmsKeywords.language("停止")).isEqualTo("ja");
        assertThat(SmsKeywords.language("STOP")).isEqualTo("en");
        assertThat(keywords.providerAnswers("stop")).isTrue();
        assertThat(keywords.providerAnswers("停止")).isFalse();
    }
}
