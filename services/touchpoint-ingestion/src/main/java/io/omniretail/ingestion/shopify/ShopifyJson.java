package io.omniretail.ingestion.shopify;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * Strict, bounded reading of webhook bodies: one JSON object and nothing after it, no duplicate keys, nesting,
 * strings and numbers bounded (a hostile body cannot make parsing slow), and control characters other than tab and
 * line breaks removed from every string (PostgreSQL cannot store a NUL; no Shopify field needs one).
 */
final class ShopifyJson {

    private ShopifyJson() {
    }

    static ObjectMapper mapper() {
        JsonMapper mapper = JsonMapper.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                // amounts stay exact (and 1e999999999 stays a number the bounds reject, not Infinity)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .findAndAddModules()
                .build();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(32).maxNumberLength(64).maxStringLength(256 * 1024).build());
        return mapper;
    }

    static <T> T read(ObjectMapper json, byte[] body, Class<T> type) throws UnmappablePayload {
        JsonNode tree;
        try {
            tree = json.readTree(body);
        } catch (IOException e) {
            throw new UnmappablePayload("malformed JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (!(tree instanceof ObjectNode object)) {
            throw new UnmappablePayload("the body is not a JSON object");
        }
        stripControlCharacters(object);
        try {
            return json.treeToValue(object, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnmappablePayload("invalid " + type.getSimpleName() + ": " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static void stripControlCharacters(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue() instanceof TextNode text && hasControl(text.textValue())) {
                    field.setValue(TextNode.valueOf(clean(text.textValue())));
                } else {
                    stripControlCharacters(field.getValue());
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                if (item instanceof TextNode text && hasControl(text.textValue())) {
                    ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(i, TextNode.valueOf(clean(text.textValue())));
                } else {
                    stripControlCharacters(item);
                }
            }
        }
    }

    private static boolean hasControl(String value) {
        return value.chars().anyMatch(ShopifyJson::isControl);
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
