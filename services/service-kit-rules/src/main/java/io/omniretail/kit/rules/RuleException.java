package io.omniretail.kit.rules;

/**
 * A rule that does not compile: the expression, the first error's line and column (1-based, as CEL reports them) and
 * CEL's message. An API answers it as 400 problem+json naming all three; a definition file fails the build with them.
 */
public class RuleException extends RuntimeException {

    private final String expression;
    private final int line;
    private final int column;

    public RuleException(String expression, int line, int column, String message) {
        super(message + " at " + line + ":" + column + " in '" + expression + "'");
        this.expression = expression;
        this.line = line;
        this.column = column;
    }

    public String expression() {
        return expression;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
