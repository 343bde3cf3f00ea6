package io.omniretail.ingestion.edge;

import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/** A body read strictly ({@link StrictJson}) into a payload record, then held to the record's Bean Validation bounds. */
public final class ValidatedJson {

    private ValidatedJson() {
    }

    /** The payload, or {@link UnmappablePayload} naming every violated bound (sorted, so the reason is stable). */
    public static <T> T read(ObjectMapper json, Validator validator, byte[] body, Class<T> type) throws UnmappablePayload {
        T payload = StrictJson.read(json, body, type);
        Set<ConstraintViolation<T>> violations = validator.validate(payload);
        if (!violations.isEmpty()) {
            throw new UnmappablePayload(violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                    .collect(Collectors.joining("; ")));
        }
        return payload;
    }
}
