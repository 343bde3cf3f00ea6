package io.omniretail.kit.rules;

import java.util.Map;
import java.util.Optional;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled, type-checked CEL expression that yields a string ({@code trigger.purchase.orderNumber},
 * {@code string(events.points.pointsDelta)}). A value that cannot be computed (a variable missing, a field the record
 * lacks) is empty, never an exception: a message parameter whose source never arrived is simply left out. Thread-safe.
 */
public final class TextExpression {

    private final String expression;
    private final CelRuntime.Program program;
    private final java.util.Set<String> variables;

    TextExpression(String expression, CelRuntime.Program program, java.util.Set<String> variables) {
        this.expression = expression;
        this.program = program;
        this.variables = variables;
    }

    public String expression() {
        return expression;
    }

    public Optional<String> evaluate(Map<String, ?> values) {
        if (!values.keySet().containsAll(variables)) {
            return Optional.empty();
        }
        try {
            return program.eval(values) instanceof String text ? Optional.of(text) : Optional.empty();
        } catch (CelEvaluationException e) {
            return Optional.empty();
        }
    }
}
