package io.omniretail.kit.rules;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;

import com.google.protobuf.ByteString;

/**
 * The platform's Avro values as CEL values, so rules read events and profiles by their schema's field names:
 * a record is a map of its fields (a null field is left out, so {@code has(profile.traits.birthDate)} tells), an enum
 * its symbol's name, a string a string, an int or long an int (CEL's int64), a float, double or decimal a double,
 * a timestamp a java.time.Instant, a date its ISO text ("2026-12-24", comparable as text), bytes CEL bytes; arrays and
 * maps element by element. Pure.
 */
public final class CelValues {

    private CelValues() {
    }

    /** A record as the map CEL reads. */
    public static Map<String, Object> of(GenericRecord record) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = value(record.get(field.pos()));
            if (value != null) {
                fields.put(field.name(), value);
            }
        }
        return fields;
    }

    static Object value(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof GenericRecord record) {
            return of(record);
        }
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof GenericContainer && !(value instanceof List<?>) && !(value instanceof Map<?, ?>)) {
            return value.toString(); // a generic enum symbol or fixed
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            return ((Number) value).longValue();
        }
        if (value instanceof Float || value instanceof Double || value instanceof BigDecimal) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof Instant || value instanceof Boolean) {
            return value;
        }
        if (value instanceof LocalDate date) {
            return date.toString();
        }
        if (value instanceof ByteBuffer bytes) {
            return ByteString.copyFrom(bytes.duplicate());
        }
        if (value instanceof List<?> list) {
            List<Object> values = new ArrayList<>(list.size());
            list.forEach(element -> values.add(value(element)));
            return values;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> values = new LinkedHashMap<>();
            map.forEach((k, v) -> values.put(k.toString(), value(v)));
            return values;
        }
        throw new IllegalArgumentException("no CEL value for " + value.getClass().getName());
    }
}
