package io.omniretail.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.AvroRuntimeException;

/**
 * BACKWARD compatibility between two folders of .avsc files (one named type per file, referencing each other
 * by full name): every type of the released folder must still exist, and its current version must be able to
 * read data written with the released one. This is the rule the registry enforces per subject at run time.
 */
public final class SchemaCompatibilityGate {

    private SchemaCompatibilityGate() {
    }

    /** Human-readable violations; empty when current is BACKWARD compatible with released. */
    public static List<String> violations(Path released, Path current) {
        Map<String, Schema> before = parseAll(released);
        Map<String, Schema> after = parseAll(current);
        List<String> violations = new ArrayList<>();
        before.forEach((name, oldSchema) -> {
            Schema newSchema = after.get(name);
            if (newSchema == null) {
                violations.add(name + ": released schema was removed");
                return;
            }
            SchemaCompatibility.SchemaPairCompatibility result =
                    SchemaCompatibility.checkReaderWriterCompatibility(newSchema, oldSchema);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                violations.add(name + ": cannot read data written with the released version: "
                        + result.getResult().getIncompatibilities().stream()
                                .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
                                .toList());
            }
        });
        return violations;
    }

    /**
     * Parses every .avsc under a folder. Files reference each other, and Avro's parser needs a referenced type
     * before its user, so types are added in passes until all resolve (a fresh parser per attempt, because a
     * failed parse can leave a half-defined name behind).
     */
    static Map<String, Schema> parseAll(Path folder) {
        List<Path> pending;
        try (Stream<Path> files = Files.walk(folder)) {
            pending = new ArrayList<>(files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            boolean progress = false;
            for (Path file : List.copyOf(pending)) {
                try {
                    Schema.Parser parser = parserWith(ordered);
                    parser.parse(file.toFile());
                    ordered.add(file);
                    pending.remove(file);
                    progress = true;
                } catch (AvroRuntimeException unresolvedYet) {
                    // retried in the next pass
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            if (!progress) {
                throw new IllegalStateException("unresolvable schema references in " + pending);
            }
        }
        Map<String, Schema> byName = new LinkedHashMap<>();
        Schema.Parser parser = parserWith(List.of());
        for (Path file : ordered) {
            try {
                Schema schema = parser.parse(file.toFile());
                byName.put(schema.getFullName(), schema);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byName;
    }

    private static Schema.Parser parserWith(List<Path> files) {
        Schema.Parser parser = new Schema.Parser();
        for (Path file : files) {
            try {
                parser.parse(file.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return parser;
    }
}
