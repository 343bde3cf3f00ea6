package io.omniretail.kit.rules;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The product's one rule language (ADR 0021): CEL, with the variables a kind of rule may read declared up front, so an
 * expression is type-checked when it is written (a definition file at build time, an API call at once), never when a
 * customer first meets it. A rule must yield a bool. CEL's string and math extensions are on ({@code 'ab'.substring(1)},
 * {@code math.round(x)}). Timestamps and durations are java.time values ({@code now -
 * profile.traits.lastPurchaseAt > duration('720h')}); records are maps of their fields (see {@link CelValues}).
 * Immutable and thread-safe: compile once, evaluate from any thread.
 */
public final class RuleLanguage {

    /** Timestamps and durations as java.time values; an int compares with a double. Declared before the languages. */
    private static final CelOptions OPTIONS = CelOptions.current().evaluateCanonicalTypesToNativeValues(true)
            .enableHeterogeneousNumericComparisons(true).enableTimestampEpoch(true).build();

    /** A customer's record as CEL sees it (a map of the profile's fields). */
    public static final CelType RECORD = MapType.create(SimpleType.STRING, SimpleType.DYN);

    /** The variables of segment rules: the profile (with its traits) and the evaluation time. */
    public static final RuleLanguage SEGMENTS = RuleLanguage.of(Map.of("profile", RECORD, "now", SimpleType.TIMESTAMP));

    /**
     * The variables of journey expressions: the event at hand, the event that started the instance ({@code trigger}),
     * the events the instance captured by name ({@code events.points}), the profile, the customer's segments and the
     * time.
     */
    public static final RuleLanguage JOURNEYS = RuleLanguage.of(Map.of("event", RECORD, "trigger", RECORD,
            "events", MapType.create(SimpleType.STRING, RECORD), "profile", RECORD,
            "segments", ListType.create(SimpleType.STRING), "now", SimpleType.TIMESTAMP));

    private final Map<String, CelType> variables;
    private final CelCompiler compiler;
    private final CelCompiler textCompiler;
    private final CelCompiler timeCompiler;
    private final CelCompiler numberCompiler;
    private final CelRuntime runtime;

    private RuleLanguage(Map<String, CelType> variables) {
        this.variables = Map.copyOf(variables);
        this.compiler = compiler(variables, SimpleType.BOOL);
        this.textCompiler = compiler(variables, SimpleType.STRING);
        this.timeCompiler = compiler(variables, SimpleType.TIMESTAMP);
        this.numberCompiler = compiler(variables, SimpleType.DYN);
        this.runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS)
                .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS)).build();
    }

    public static RuleLanguage of(Map<String, CelType> variables) {
        return new RuleLanguage(new LinkedHashMap<>(variables));
    }

    private static CelCompiler compiler(Map<String, CelType> variables, CelType result) {
        var builder = CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS).setResultType(result)
                .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS));
        variables.forEach(builder::addVar);
        return builder.build();
    }

    /** The compiled rule; a {@link RuleException} with the first error's position when it does not compile or check. */
    public Rule compile(String expression) {
        return new Rule(expression, program(compiler, expression), variables.keySet());
    }

    /**
     * A compiled expression that yields a string, for values a definition computes (a message parameter, the object
     * an instance is about); a {@link RuleException} as for {@link #compile}.
     */
    public TextExpression compileText(String expression) {
        return new TextExpression(expression, program(textCompiler, expression), variables.keySet());
    }

    /** A compiled expression that yields a timestamp ({@code trigger.appointment.startsAt - duration('24h')}). */
    public TimeExpression compileTime(String expression) {
        return new TimeExpression(expression, program(timeCompiler, expression), variables.keySet());
    }

    /**
     * A compiled expression that yields a number, an int or a double ({@code
     * profile.traits.predictions.predictedClv.amount * 0.05}); one that checks as another type (a string, a bool) is a
     * {@link RuleException}. Fields of records are dynamic, so an expression over them is checked when evaluated.
     */
    public NumberExpression compileNumber(String expression) {
        return new NumberExpression(expression, program(numberCompiler, expression, NUMBERS), variables.keySet());
    }

    /** What {@link #compileNumber} accepts as the checked type of its expression. */
    private static final Set<CelType> NUMBERS = Set.of(SimpleType.INT, SimpleType.UINT, SimpleType.DOUBLE, SimpleType.DYN);

    private CelRuntime.Program program(CelCompiler compiler, String expression) {
        return program(compiler, expression, null);
    }

    private CelRuntime.Program program(CelCompiler compiler, String expression, Set<CelType> allowed) {
        if (expression == null || expression.isBlank()) {
            throw new RuleException(String.valueOf(expression), 1, 1, "an empty expression");
        }
        CelValidationResult result = compiler.compile(expression);
        if (result.hasError()) {
            CelIssue first = result.getErrors().get(0);
            throw new RuleException(expression, first.getSourceLocation().getLine(), first.getSourceLocation().getColumn() + 1,
                    first.getMessage());
        }
        try {
            if (allowed != null && !allowed.contains(result.getAst().getResultType())) {
                throw new RuleException(expression, 1, 1, "yields " + result.getAst().getResultType().name() + ", not a number");
            }
            return runtime.createProgram(result.getAst());
        } catch (CelEvaluationException | dev.cel.common.CelValidationException e) {
            throw new RuleException(expression, 1, 1, e.getMessage());
        }
    }
}
