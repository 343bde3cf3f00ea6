package io.omniretail.orchestration.definition;

import java.util.List;
import java.util.stream.Collectors;

/** A journey definition that cannot be used, with every problem found (the API answers them all as 400). */
public class DefinitionException extends RuntimeException {

    private final List<DefinitionProblem> problems;

    public DefinitionException(List<DefinitionProblem> problems) {
        super(problems.stream().map(DefinitionProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }
}
