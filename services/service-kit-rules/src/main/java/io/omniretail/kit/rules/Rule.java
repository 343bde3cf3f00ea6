package io.omniretail.kit.rules;

import java.util.Map;
import java.util.Set;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;

/**
 * A compiled, type-checked CEL rule that yields a bool. Evaluating it with a variable missing, or a field absent from
 * a record (CEL's "no such key"), is an {@link Outcome#ERROR} with CEL's message, never an exception: a rule about
 * a trait a customer lacks simply does not hold for them, and the caller records why. Thread-safe.
 */
public final class Rule {

    public enum Outcome {
        TRUE, FALSE, ERROR
    }

    /** The result, and CEL's message when it is ERROR. */
    public record Result(Outcome outcome, String error) {
        public boolean holds() {
            return outcome == Outcome.TRUE;
        }
    }

    private final String expression;
    private final CelRuntime.Program program;
    private final Set<String> variables;

    Rule(String expression, CelRuntime.Program program, Set<String> variables) {
        this.expression = expression;
        this.program = program;
        this.variables = variables;
    }

    public String expression() {
        return expression;
    }

    public Result evaluate(Map<String, ?> values) {
        for (String variable : variables) {
            if (!values.containsKey(variable)) {
                return new Result(Outcome.ERROR, "no value for '" + variable + "'");
            }
        }
        try {
            Object result = program.eval(values);
            return new Result(Boolean.TRUE.equals(result) ? Outcome.TRUE : Outcome.FALSE, null);
        } catch (CelEvaluationException e) {
            return new Result(Outcome.ERROR, e.getMessage());
        }
    }
}
