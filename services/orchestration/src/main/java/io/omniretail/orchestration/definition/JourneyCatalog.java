package io.omniretail.orchestration.definition;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import io.omniretail.orchestration.definition.StoredDefinition.Origin;
import io.omniretail.orchestration.definition.StoredDefinition.Status;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The journey versions of this deployment. The built-in definitions (resources journeys/built-in/, listed in
 * {@code omniretail.journeys.built-in}) are stored as ACTIVE whenever the catalog is re-read, unless that version is
 * already stored (so a paused or retired built-in stays so); admins add versions through the API. A journey takes new entries in its newest version
 * that is not retired, when that version is ACTIVE. Compiled versions are cached for good (a stored version never
 * changes); the set that takes entries is re-read every {@code omniretail.journeys.catalog-refresh}, so a change made on
 * another instance is seen within that time. Runs in the caller's session.
 */
@ApplicationScoped
public class JourneyCatalog {

    private record Entering(List<JourneyDefinition> definitions, Instant loadedAt) {
    }

    @ConfigProperty(name = "omniretail.journeys.built-in")
    List<String> builtInNames;
    @ConfigProperty(name = "omniretail.journeys.catalog-refresh")
    Duration refresh;

    private static final Logger LOG = Logger.getLogger(JourneyCatalog.class);

    @Inject
    MeterRegistry meters;

    private final Map<StoredDefinition.Key, JourneyDefinition> compiled = new ConcurrentHashMap<>();
    private final Set<StoredDefinition.Key> unreadable = ConcurrentHashMap.newKeySet();
    private volatile List<JourneyDefinition> builtIns;
    private volatile Entering entering;
    private volatile boolean builtInsChecked;

    /** The built-in definitions, read and checked from the classpath (the build already checked them). */
    public List<JourneyDefinition> builtIns() {
        if (builtIns == null) {
            builtIns = builtInNames.stream().map(JourneyCatalog::readBuiltIn).toList();
        }
        return builtIns;
    }

    /** The versions that take new entries, one per journey. */
    public Uni<List<JourneyDefinition>> entering(Instant now) {
        Entering current = entering;
        if (current != null && current.loadedAt().plus(refresh).isAfter(now)) {
            return Uni.createFrom().item(current.definitions());
        }
        return storedWithBuiltIns(now)
                .invoke(this::warnOfEditedBuiltIns)
                .map(stored -> {
                    List<JourneyDefinition> definitions = stored.stream().filter(s -> s.status != Status.RETIRED)
                            .collect(Collectors.groupingBy(s -> s.key.journeyId(),
                                    Collectors.maxBy(Comparator.comparingInt(s -> s.key.version()))))
                            .values().stream().flatMap(Optional::stream)
                            .filter(newest -> newest.status == Status.ACTIVE)
                            .flatMap(newest -> readable(newest).stream()).sorted(Comparator.comparing(JourneyDefinition::id)).toList();
                    entering = new Entering(definitions, now);
                    return definitions;
                });
    }

    /** One version, compiled; empty when it is not stored or no longer reads (see {@link #readable}). */
    public Uni<Optional<JourneyDefinition>> version(String journeyId, int version) {
        JourneyDefinition cached = compiled.get(new StoredDefinition.Key(journeyId, version));
        if (cached != null) {
            return Uni.createFrom().item(Optional.of(cached));
        }
        return StoredDefinition.<StoredDefinition>findById(new StoredDefinition.Key(journeyId, version))
                .map(stored -> stored == null ? Optional.empty() : readable(stored));
    }

    /** Forget the set that takes entries, after a change made here (other instances see it within the refresh). */
    public void changed() {
        entering = null;
    }

    /**
     * A stored version, compiled (cached: a stored version never changes); empty when it no longer reads, which only an
     * upgrade that changed the language can cause: that version takes no entries and its instances cannot go on, but
     * every other journey runs (the error is logged and counted once per process).
     */
    public Optional<JourneyDefinition> readable(StoredDefinition stored) {
        JourneyDefinition cached = compiled.get(stored.key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            return Optional.of(compiled.computeIfAbsent(stored.key,
                    key -> JourneyDefinitionReader.read(key.journeyId() + "@" + key.version(), stored.source)));
        } catch (DefinitionException e) {
            if (unreadable.add(stored.key)) {
                meters.counter("omniretail.journeys.unreadable").increment();
                LOG.errorf("journey %s@%d no longer reads and is skipped:%n%s", stored.key.journeyId(), stored.key.version(), e.getMessage());
            }
            return Optional.empty();
        }
    }

    /** Once per process: a built-in file edited without a new version runs as first stored, so say so loudly. */
    private void warnOfEditedBuiltIns(List<StoredDefinition> stored) {
        if (builtInsChecked) {
            return;
        }
        builtInsChecked = true;
        for (String edited : editedBuiltIns(builtIns(), stored)) {
            meters.counter("omniretail.journeys.built-in-edited").increment();
            LOG.errorf("built-in journey %s differs from its stored version, which keeps running (versions never change): "
                    + "give the edited file the next version", edited);
        }
    }

    /** The built-ins ({@code id@version}) whose stored built-in version of the same number has another source. */
    static List<String> editedBuiltIns(List<JourneyDefinition> builtIns, List<StoredDefinition> stored) {
        return builtIns.stream()
                .filter(definition -> stored.stream().anyMatch(s -> s.origin == Origin.BUILT_IN && s.key.journeyId().equals(definition.id())
                        && s.key.version() == definition.version() && !s.source.equals(definition.source())))
                .map(JourneyDefinition::key)
                .toList();
    }

    /**
     * Every stored version, after storing the built-in versions not stored yet. Checked at every refresh, not once: the
     * transaction that stored them first may have rolled back.
     */
    private Uni<List<StoredDefinition>> storedWithBuiltIns(Instant now) {
        return StoredDefinition.<StoredDefinition>listAll().chain(stored -> {
            List<JourneyDefinition> missing = builtIns().stream().filter(definition -> stored.stream()
                    .noneMatch(s -> s.key.journeyId().equals(definition.id()) && s.key.version() == definition.version())).toList();
            return missing.isEmpty() ? Uni.createFrom().item(stored)
                    : store(missing, now).chain(() -> StoredDefinition.<StoredDefinition>listAll());
        });
    }

    private Uni<Void> store(List<JourneyDefinition> builtIns, Instant now) {
        return Multi.createFrom().iterable(builtIns)
                .onItem().transformToUniAndConcatenate(definition -> Panache.getSession().chain(session -> session.createNativeQuery("""
                        INSERT INTO journey_definition (journey_id, version, status, origin, source, created_at, changed_at)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) ON CONFLICT DO NOTHING""")
                        .setParameter(1, definition.id()).setParameter(2, definition.version())
                        .setParameter(3, Status.ACTIVE.name()).setParameter(4, Origin.BUILT_IN.name())
                        .setParameter(5, definition.source()).setParameter(6, now).executeUpdate()))
                .collect().last().replaceWithVoid();
    }

    static JourneyDefinition readBuiltIn(String name) {
        String resource = "journeys/built-in/" + name + ".yaml";
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no built-in journey " + resource);
            }
            return JourneyDefinitionReader.read(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
