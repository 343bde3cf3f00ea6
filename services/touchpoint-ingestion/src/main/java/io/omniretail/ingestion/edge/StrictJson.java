package io.omniretail.ingestion.edge;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;

/**
 * Strict, bounded reading of what outside senders post (Shopify webhooks, analytics events): one JSON object and nothing after it, no duplicate keys, nesting,
 * strings and numbers bounded (a hostile body cannot make parsing slow), and control characters other than tab and
 * line breaks removed from every string value (PostgreSQL cannot store a NUL; no Shopify field needs one). The body
 * is bound straight to the payload records in one streaming pass: no tree, and the many fields Shopify sends that
 * the records do not name are skipped unread.
 */
public final class StrictJson {

    private StrictJson() {
    }

    public static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // amounts stay exact (and 1e999999999 stays a number the bounds reject, not Infinity)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .addModule(new SimpleModule("strip-control-characters").addDeserializer(String.class, new CleanStrings()))
                .findAndAddModules()
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(64).maxStringLength(256 * 1024).build());
        return mapper;
    }

    public static <T> T read(ObjectMapper json, byte[] body, Class<T> type) throws UnmappablePayload {
        if (!startsAnObject(body)) {
            throw new UnmappablePayload("the body is not a JSON object");
        }
        try {
            return json.readValue(body, type);
        } catch (IOException | IllegalArgumentException e) {
            StreamReadException syntax = syntaxError(e);
            throw syntax != null ? new UnmappablePayload("malformed JSON: " + firstLine(syntax))
                    : new UnmappablePayload("invalid " + type.getSimpleName() + ": " + firstLine(e));
        }
    }

    /** The parser's own error, also when databind wrapped it with the path it was reading. */
    private static StreamReadException syntaxError(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof StreamReadException syntax && !(cause instanceof MismatchedInputException)) {
                return syntax;
            }
        }
        return null;
    }

    private static boolean startsAnObject(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return b == '{';
            }
        }
        return false;
    }

    private static String firstLine(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    /** Jackson's own string reading, then control characters out (a copy only when there is one). */
    private static final class CleanStrings extends StdScalarDeserializer<String> {

        CleanStrings() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            return value == null || !hasControl(value) ? value : clean(value);
        }
    }

    /** The value without control characters other than tab and line breaks (the same rule as every bound string). */
    public static String withoutControlCharacters(String value) {
        return value == null || !hasControl(value) ? value : clean(value);
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (isControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static String clean(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().filter(c -> !isControl(c)).forEach(c -> out.append((char) c));
        return out.toString();
    }

    private static boolean isControl(int c) {
        return (c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f;
    }
}
