package io.omniretail.kit.rules;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled, type-checked CEL expression that yields a number (an int or a double, read as a double): an expected
 * value or a score a definition computes. A number that cannot be computed (a field the profile lacks, a division by
 * zero, a result that is not finite) is empty, never an exception. Thread-safe.
 */
public final class NumberExpression {

    private final String expression;
    private final CelRuntime.Program program;
    private final Set<String> variables;

    NumberExpression(String expression, CelRuntime.Program program, Set<String> variables) {
        this.expression = expression;
        this.program = program;
        this.variables = variables;
    }

    public String expression() {
        return expression;
    }

    public Optional<Double> evaluate(Map<String, ?> values) {
        if (!values.keySet().containsAll(variables)) {
            return Optional.empty();
        }
        try {
            return program.eval(values) instanceof Number number && Double.isFinite(number.doubleValue())
                    ? Optional.of(number.doubleValue()) : Optional.empty();
        } catch (CelEvaluationException e) {
            return Optional.empty();
        }
    }
}
