package io.omniretail.kit.rules;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled, type-checked CEL expression that yields a timestamp. A time that cannot be computed (a field the event
 * lacks) is empty, never an exception. Thread-safe.
 */
public final class TimeExpression {

    private final String expression;
    private final CelRuntime.Program program;
    private final Set<String> variables;

    TimeExpression(String expression, CelRuntime.Program program, Set<String> variables) {
        this.expression = expression;
        this.program = program;
        this.variables = variables;
    }

    public String expression() {
        return expression;
    }

    public Optional<Instant> evaluate(Map<String, ?> values) {
        if (!values.keySet().containsAll(variables)) {
            return Optional.empty();
        }
        try {
            return program.eval(values) instanceof Instant time ? Optional.of(time) : Optional.empty();
        } catch (CelEvaluationException e) {
            return Optional.empty();
        }
    }
}
