package io.omniretail.orchestration.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.serialization.DefaultNodeReader;
import com.networknt.schema.serialization.NodeReader;
import com.networknt.schema.serialization.node.TokenStreamLocationAware;

import io.omniretail.events.customer.ConsentPurpose;
import io.omniretail.events.journey.EscalationPriority;
import io.omniretail.kit.rules.NumberExpression;
import io.omniretail.kit.rules.Rule;
import io.omniretail.kit.rules.RuleException;
import io.omniretail.kit.rules.RuleLanguage;
import io.omniretail.kit.rules.TextExpression;
import io.omniretail.kit.rules.TimeExpression;
import io.omniretail.orchestration.definition.JourneyDefinition.Attributes;
import io.omniretail.orchestration.definition.JourneyDefinition.Branch;
import io.omniretail.orchestration.definition.JourneyDefinition.Choose;
import io.omniretail.orchestration.definition.JourneyDefinition.Entry;
import io.omniretail.orchestration.definition.JourneyDefinition.Escalate;
import io.omniretail.orchestration.definition.JourneyDefinition.EventCondition;
import io.omniretail.orchestration.definition.JourneyDefinition.Goal;
import io.omniretail.orchestration.definition.JourneyDefinition.Limit;
import io.omniretail.orchestration.definition.JourneyDefinition.Notify;
import io.omniretail.orchestration.definition.JourneyDefinition.Offer;
import io.omniretail.orchestration.definition.JourneyDefinition.OnePer;
import io.omniretail.orchestration.definition.JourneyDefinition.Option;
import io.omniretail.orchestration.definition.JourneyDefinition.Reentry;
import io.omniretail.orchestration.definition.JourneyDefinition.Reward;
import io.omniretail.orchestration.definition.JourneyDefinition.Tag;
import io.omniretail.orchestration.definition.JourneyDefinition.Split;
import io.omniretail.orchestration.definition.JourneyDefinition.Step;
import io.omniretail.orchestration.definition.JourneyDefinition.Wait;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitFor;
import io.omniretail.orchestration.definition.JourneyDefinition.WaitUntil;

/**
 * Reads a journey definition (YAML, or JSON which is YAML too) in three passes, each reporting every problem with its
 * line and column: the published JSON Schema (schemas/journeys/journey-definition.schema.json), then every CEL
 * expression compiled against the journey variables (ADR 0021), then the step graph (references name a later step or
 * {@code end}, so every instance ends; ids and captured names unique). The build runs it over the built-in definitions
 * (BuiltInJourneysTest) and the API over every new version. Pure and thread-safe.
 */
public final class JourneyDefinitionReader {

    private static final NodeReader NODES = DefaultNodeReader.builder().locationAware().build();
    private static final Schema SCHEMA = loadSchema();

    private JourneyDefinitionReader() {
    }

    /** The definition, or a {@link DefinitionException} listing every problem. */
    public static JourneyDefinition read(String sourceName, String text) {
        JsonNode root;
        try {
            root = NODES.readTree(text, InputFormat.YAML);
        } catch (IOException | IllegalArgumentException e) {
            // the validator's reader wraps the parser's error
            if (!(e instanceof JsonProcessingException) && !(e.getCause() instanceof JsonProcessingException)) {
                throw e instanceof IOException io ? new UncheckedIOException(io) : (IllegalArgumentException) e;
            }
            JsonProcessingException parse = e instanceof JsonProcessingException direct ? direct : (JsonProcessingException) e.getCause();
            JsonLocation at = parse.getLocation();
            throw new DefinitionException(List.of(new DefinitionProblem(sourceName, at == null ? 1 : at.getLineNr(),
                    at == null ? 1 : at.getColumnNr(), "$", "not YAML: " + parse.getOriginalMessage(), null, null)));
        }
        if (root == null || !root.isObject()) {
            throw new DefinitionException(List.of(new DefinitionProblem(sourceName, 1, 1, "$", "a definition is an object", null, null)));
        }
        List<Error> errors = SCHEMA.validate(root);
        if (!errors.isEmpty()) {
            throw new DefinitionException(errors.stream().map(error -> problem(sourceName, error)).toList());
        }
        return new Parse(sourceName, text).definition(root);
    }

    private static DefinitionProblem problem(String sourceName, Error error) {
        JsonNode node = error.getInstanceNode();
        String pointer = error.getInstanceLocation().toString();
        String reason = error.getMessage().startsWith(pointer + ": ") ? error.getMessage().substring(pointer.length() + 2) : error.getMessage();
        return new DefinitionProblem(sourceName, line(node), column(node), jsonPath(pointer), reason, null, null);
    }

    /** "/steps/0/notify" as "$.steps[0].notify", the form the semantic pass reports too. */
    static String jsonPath(String pointer) {
        StringBuilder path = new StringBuilder("$");
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            path.append(part.chars().allMatch(Character::isDigit) ? "[" + part + "]" : "." + part.replace("~1", "/").replace("~0", "~"));
        }
        return path.toString();
    }

    private static int line(JsonNode node) {
        return node instanceof TokenStreamLocationAware located ? located.tokenStreamLocation().getLineNr() : 1;
    }

    private static int column(JsonNode node) {
        return node instanceof TokenStreamLocationAware located ? located.tokenStreamLocation().getColumnNr() : 1;
    }

    /** One definition's semantic pass: the schema already holds, so shapes and enums are known to be right. */
    private static final class Parse {
        private final String sourceName;
        private final String text;
        private final List<DefinitionProblem> problems = new ArrayList<>();

        Parse(String sourceName, String text) {
            this.sourceName = sourceName;
            this.text = text;
        }

        JourneyDefinition definition(JsonNode root) {
            EventCondition trigger = condition(root.get("trigger"), "$.trigger");
            if (trigger.on() == EventStream.PRODUCT) {
                problems.add(at(root.get("trigger").get("on"), "$.trigger.on", "a journey starts with a customer's event: product events only reach running instances"));
            }
            Entry entry = entry(root.get("entry"));
            List<EventCondition> exits = new ArrayList<>();
            JsonNode exitWhen = root.path("exitWhen");
            for (int i = 0; i < exitWhen.size(); i++) {
                exits.add(condition(exitWhen.get(i), "$.exitWhen[" + i + "]"));
            }
            Optional<Goal> goal = Optional.ofNullable(root.get("goal")).map(node -> new Goal(stream(node.get("on")),
                    rule(node.get("when"), "$.goal.when"), duration(node.get("within"))));
            goal.filter(g -> g.on() == EventStream.PRODUCT).ifPresent(g -> problems.add(at(root.get("goal").get("on"), "$.goal.on",
                    "a goal is the customer's conversion: not a product event")));
            List<Step> steps = steps(root.get("steps"));
            boolean readsProducts = exits.stream().anyMatch(exit -> exit.on() == EventStream.PRODUCT)
                    || steps.stream().anyMatch(step -> step instanceof WaitFor waitFor && waitFor.on() == EventStream.PRODUCT);
            if (readsProducts && entry.object().isEmpty()) {
                problems.add(at(root.get("steps"), "$.entry.object",
                        "product events reach the instances whose object is their SKU: name it in entry.object"));
            }
            if (!problems.isEmpty()) {
                throw new DefinitionException(problems);
            }
            return new JourneyDefinition(root.get("id").asText(), root.get("version").asInt(),
                    root.path("description").asText(""), trigger, entry, List.copyOf(exits), goal, steps, text);
        }

        private EventCondition condition(JsonNode node, String path) {
            return new EventCondition(stream(node.get("on")),
                    node.has("when") ? Optional.ofNullable(rule(node.get("when"), path + ".when")) : Optional.empty());
        }

        private Entry entry(JsonNode node) {
            if (node == null) {
                return Entry.DEFAULT;
            }
            Reentry reentry = Reentry.valueOf(node.path("reentry").asText("always").toUpperCase());
            OnePer onePer = OnePer.valueOf(node.path("onePer").asText("none").toUpperCase());
            return new Entry(reentry, Optional.ofNullable(node.get("cooldown")).map(JourneyDefinitionReader::duration), onePer,
                    Optional.ofNullable(node.get("object")).map(object -> text(object, "$.entry.object")));
        }

        private List<Step> steps(JsonNode array) {
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode id = array.get(i).get("id");
                if (index.putIfAbsent(id.asText(), i) != null) {
                    problems.add(at(id, "$.steps[" + i + "].id", "step id '" + id.asText() + "' is used twice"));
                }
            }
            Set<String> captured = new HashSet<>();
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < array.size(); i++) {
                JsonNode node = array.get(i);
                String path = "$.steps[" + i + "]";
                int position = i;
                Function<String, String> ref = field -> reference(node, field, path, position, array, index);
                String id = node.get("id").asText();
                String next = ref.apply("next");
                Step step;
                if (node.has("wait")) {
                    step = new Wait(id, duration(node.get("wait").get("for")), next);
                } else if (node.has("waitUntil")) {
                    JsonNode until = node.get("waitUntil");
                    step = new WaitUntil(id, time(until.get("at"), path + ".waitUntil.at"),
                            Optional.ofNullable(until.get("localTime")).map(t -> LocalTime.parse(t.asText())), next,
                            referenceIn(until, "onMissing", path + ".waitUntil", position, next, index));
                } else if (node.has("waitFor")) {
                    JsonNode wait = node.get("waitFor");
                    Optional<String> as = Optional.ofNullable(wait.get("as")).map(JsonNode::asText);
                    as.filter(name -> !captured.add(name)).ifPresent(name -> problems.add(at(wait.get("as"), path + ".waitFor.as",
                            "events." + name + " is captured by an earlier step")));
                    step = new WaitFor(id, stream(wait.get("on")), rule(wait.get("when"), path + ".waitFor.when"),
                            duration(wait.get("timeout")), as, next, referenceIn(wait, "onTimeout", path + ".waitFor", position, next, index));
                } else if (node.has("branch")) {
                    JsonNode branch = node.get("branch");
                    step = new Branch(id, rule(branch.get("when"), path + ".branch.when"), next,
                            referenceIn(branch, "else", path + ".branch", position, next, index));
                } else if (node.has("split")) {
                    step = new Split(id, node.get("split").get("control").asInt(), next);
                } else if (node.has("choose")) {
                    step = choose(node.get("choose"), id, path + ".choose", position, index);
                } else if (node.has("notify")) {
                    JsonNode notify = node.get("notify");
                    Map<String, TextExpression> parameters = new LinkedHashMap<>();
                    notify.path("parameters").properties().forEach(parameter -> parameters.put(parameter.getKey(),
                            text(parameter.getValue(), path + ".notify.parameters." + parameter.getKey())));
                    step = new Notify(id, notify.get("template").asText(), ConsentPurpose.valueOf(notify.get("purpose").asText()),
                            parameters, next);
                } else if (node.has("offer")) {
                    step = new Offer(id, node.get("offer").get("campaign").asText(), node.get("offer").get("reason").asText(), next);
                } else if (node.has("reward")) {
                    step = new Reward(id, node.get("reward").get("points").asLong(), node.get("reward").get("reason").asText(), next);
                } else if (node.has("tag")) {
                    step = new Tag(id, texts(node.get("tag").get("add")), texts(node.get("tag").get("remove")), next);
                } else if (node.has("attributes")) {
                    JsonNode attributes = node.get("attributes");
                    Map<String, TextExpression> set = new LinkedHashMap<>();
                    attributes.path("set").properties().forEach(attribute -> set.put(attribute.getKey(),
                            text(attribute.getValue(), path + ".attributes.set." + attribute.getKey())));
                    step = new Attributes(id, set, texts(attributes.get("remove")), next);
                } else {
                    JsonNode escalate = node.get("escalate");
                    step = new Escalate(id, text(escalate.get("queue"), path + ".escalate.queue"),
                            EscalationPriority.valueOf(escalate.get("priority").asText()),
                            text(escalate.get("summary"), path + ".escalate.summary"),
                            Optional.ofNullable(escalate.get("reference")).map(reference -> text(reference, path + ".escalate.reference")),
                            next);
                }
                steps.add(step);
            }
            return List.copyOf(steps);
        }

        /** A next-best-action step: option ids unique, every option's target a later step; nothing chosen ends by default. */
        private Step choose(JsonNode choose, String id, String path, int position, Map<String, Integer> index) {
            List<Option> options = new ArrayList<>();
            Set<String> ids = new HashSet<>();
            JsonNode array = choose.get("options");
            for (int i = 0; i < array.size(); i++) {
                JsonNode option = array.get(i);
                String at = path + ".options[" + i + "]";
                String optionId = option.get("id").asText();
                if (!ids.add(optionId)) {
                    problems.add(at(option.get("id"), at + ".id", "option id '" + optionId + "' is used twice"));
                }
                options.add(new Option(optionId,
                        Optional.ofNullable(option.get("when")).map(when -> rule(when, at + ".when")),
                        number(option.get("value"), at + ".value"), option.path("cost").asDouble(0),
                        Optional.ofNullable(option.get("cap")).map(JourneyDefinitionReader::limit),
                        Optional.ofNullable(option.get("budget")).map(JourneyDefinitionReader::limit),
                        referenceIn(option, "then", at, position, JourneyDefinition.END, index)));
            }
            return new Choose(id, choose.path("control").asInt(0), List.copyOf(options),
                    referenceIn(choose, "otherwise", path, position, JourneyDefinition.END, index));
        }

        private NumberExpression number(JsonNode node, String path) {
            try {
                return RuleLanguage.JOURNEYS.compileNumber(node.asText());
            } catch (RuleException e) {
                problems.add(expressionProblem(node, path, e));
                return null;
            }
        }

        private static List<String> texts(JsonNode array) {
            List<String> texts = new ArrayList<>();
            if (array != null) {
                array.forEach(item -> texts.add(item.asText()));
            }
            return List.copyOf(texts);
        }

        /** {@code next}: as written, or the following step (the end after the last one). */
        private String reference(JsonNode node, String field, String path, int position, JsonNode array, Map<String, Integer> index) {
            String fallback = position + 1 < array.size() ? array.get(position + 1).get("id").asText() : JourneyDefinition.END;
            return referenceIn(node, field, path, position, fallback, index);
        }

        /** A step reference must name a later step (so every instance ends) or {@code end}. */
        private String referenceIn(JsonNode node, String field, String path, int position, String fallback, Map<String, Integer> index) {
            JsonNode value = node.get(field);
            if (value == null) {
                return fallback;
            }
            String target = value.asText();
            if (target.equals(JourneyDefinition.END)) {
                return target;
            }
            Integer targetPosition = index.get(target);
            if (targetPosition == null) {
                problems.add(at(value, path + "." + field, "no step '" + target + "'"));
            } else if (targetPosition <= position) {
                problems.add(at(value, path + "." + field, "step '" + target + "' is not after this one: a journey only goes forward"));
            }
            return target;
        }

        private Rule rule(JsonNode node, String path) {
            try {
                return RuleLanguage.JOURNEYS.compile(node.asText());
            } catch (RuleException e) {
                problems.add(expressionProblem(node, path, e));
                return null;
            }
        }

        private TextExpression text(JsonNode node, String path) {
            try {
                return RuleLanguage.JOURNEYS.compileText(node.asText());
            } catch (RuleException e) {
                problems.add(expressionProblem(node, path, e));
                return null;
            }
        }

        private TimeExpression time(JsonNode node, String path) {
            try {
                return RuleLanguage.JOURNEYS.compileTime(node.asText());
            } catch (RuleException e) {
                problems.add(expressionProblem(node, path, e));
                return null;
            }
        }

        private DefinitionProblem expressionProblem(JsonNode node, String path, RuleException e) {
            String reason = e.getMessage().substring(0, e.getMessage().lastIndexOf(" at "));
            return new DefinitionProblem(sourceName, line(node), column(node), path, reason, e.expression(), e.line() + ":" + e.column());
        }

        private DefinitionProblem at(JsonNode node, String path, String reason) {
            return new DefinitionProblem(sourceName, line(node), column(node), path, reason, null, null);
        }
    }

    private static EventStream stream(JsonNode node) {
        return EventStream.of(node.asText());
    }

    private static Limit limit(JsonNode node) {
        return new Limit(node.get("max").asInt(), duration(node.get("per")));
    }

    private static Duration duration(JsonNode node) {
        return Duration.parse(node.asText());
    }

    private static Schema loadSchema() {
        try (InputStream in = JourneyDefinitionReader.class.getResourceAsStream("/journeys/journey-definition.schema.json")) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, builder -> builder.nodeReader(NODES))
                    .getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
