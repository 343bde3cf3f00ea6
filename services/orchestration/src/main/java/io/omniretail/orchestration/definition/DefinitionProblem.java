package io.omniretail.orchestration.definition;

/**
 * One thing wrong with a journey definition: where (the source's name, line and column, and the JSON path), what,
 * and for a CEL expression the expression and the position inside it (1-based). Printed as a compiler would print it.
 */
public record DefinitionProblem(String source, int line, int column, String path, String reason, String expression,
        String expressionPosition) {

    @Override
    public String toString() {
        return source + ":" + line + ":" + column + ": " + path + ": " + reason
                + (expression == null ? "" : " (at " + expressionPosition + " of '" + expression + "')");
    }
}
