package io.omniretail.customer.resolution;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.omniretail.customer.identity.IdentifierNormalizer.Identifier;
import io.omniretail.customer.identity.IdentifierNormalizer;
import io.omniretail.customer.privacy.PrivacyCoordinator;
import io.omniretail.customer.privacy.PrivacyRequestRecord;
import io.omniretail.customer.prediction.Checkouts;
import io.omniretail.customer.profile.Consent;
import io.omniretail.customer.profile.ConsentEvidence;
import io.omniretail.customer.profile.ConsentLedger;
import io.omniretail.customer.segments.Segments;
import io.omniretail.customer.profile.Customer;
import io.omniretail.customer.profile.CustomerOrder;
import io.omniretail.customer.profile.CustomerNote;
import io.omniretail.customer.profile.CustomerReturn;
import io.omniretail.customer.profile.KnownIdentifier;
import io.omniretail.customer.timeline.TimelineEntries;
import io.omniretail.customer.timeline.TimelineEntry;
import io.omniretail.customer.traits.TraitRules;
import io.omniretail.customer.traits.Traits;
import io.omniretail.events.Topics;
import io.omniretail.events.common.EventMetadata;
import io.omniretail.events.customer.CustomerEvent;
import io.omniretail.events.customer.CustomerIdentifier;
import io.omniretail.events.customer.IdentifierType;
import io.omniretail.events.customer.IdentityMerged;
import io.omniretail.events.touchpoint.ConsentHint;
import io.omniretail.events.touchpoint.FulfillmentDetails;
import io.omniretail.events.touchpoint.PrivacyRequestKind;
import io.omniretail.events.touchpoint.RefundDetails;
import io.omniretail.events.touchpoint.ReturnDetails;
import io.omniretail.events.touchpoint.Touchpoint;
import io.omniretail.events.customer.ConsentSource;
import io.omniretail.events.touchpoint.TouchpointChannel;
import io.omniretail.events.touchpoint.TouchpointType;
import io.omniretail.kit.EventMetadataFactory;
import io.omniretail.kit.AwaitingDependencyException;
import io.omniretail.kit.NotApplicableException;
import io.omniretail.kit.RejectedEventException;
import io.omniretail.kit.persistence.AdvisoryLocks;
import io.omniretail.kit.persistence.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Applies one touchpoint inside the caller's transaction: resolve the customer from its normalized identifiers
 * (creating one, or merging several when the identifiers are verified) or, for touchpoints that name only an order
 * (refunds, fulfilments, returns), through the order, and take the customer's advisory lock before reading its row;
 * update the golden record (names, locale, zone, consents, purchase statistics, orders and their status, traits),
 * add the touchpoint to the customer's timeline, and write the unified event, the profile and any merge to the
 * outbox. Survivorship: the oldest customer survives a merge; its values win, the others fill gaps, except that a
 * profile sent by the source itself (SIGNUP, PROFILE_UPDATE) replaces names and language when it is newer than the
 * last one applied (sourceUpdatedAt). Orders: counted once when paid (PURCHASE), known but not counted while
 * placed, uncounted when cancelled; an order whose store receipt another order reported first is the same purchase
 * (DUPLICATE): recorded, never counted, not passed on, and what later names it (a refund, a return) is passed on
 * naming the first order. A PRIVACY_REQUEST creates nobody: it is recorded and, when it names a known customer,
 * passed on and handed to the erase and export coordination (PrivacyCoordinator), in the same transaction.
 */
@ApplicationScoped
public class TouchpointResolver {

    public static final String SOURCE = "customer-360";
    /** Rough zone per country for quiet hours until customers state their own (countries with one zone). */
    private static final Map<String, String> ZONES = Map.of("JP", "Asia/Tokyo", "KR", "Asia/Seoul", "TW", "Asia/Taipei",
            "SG", "Asia/Singapore", "HK", "Asia/Hong_Kong", "GB", "Europe/London", "FR", "Europe/Paris", "DE", "Europe/Berlin",
            "TH", "Asia/Bangkok");

    @Inject
    ProfilePublisher publisher;
    @Inject
    ConsentLedger consentLedger;
    @Inject
    Outbox outbox;
    @Inject
    AdvisoryLocks locks;
    @Inject
    Traits traits;
    @Inject
    Checkouts checkouts;
    @Inject
    PrivacyCoordinator privacy;

    @ConfigProperty(name = "omniretail.identity.default-region")
    String defaultRegion;

    private IdentifierNormalizer normalizer;

    /** {@code sameAs}: the touchpoint names a DUPLICATE order; downstream knows it by this, its first report. */
    record Resolution(Customer customer, List<String> mergedIds, List<Identifier> matchedOn, String sameAs) {

        Resolution(Customer customer, List<String> mergedIds, List<Identifier> matchedOn) {
            this(customer, mergedIds, matchedOn, null);
        }
    }

    /** What the touchpoint did to the customer's purchases. */
    enum Counted {
        FIRST_PURCHASE, OTHER, SAME_PURCHASE_AS_ANOTHER
    }

    @PostConstruct
    void init() {
        normalizer = new IdentifierNormalizer(defaultRegion);
    }

    public Uni<Void> apply(Touchpoint touchpoint) {
        Instant now = Instant.now();
        List<Identifier> identifiers = normalizer.normalize(touchpoint.getIdentity());
        if (touchpoint.getType() == TouchpointType.PRIVACY_REQUEST) {
            return privacyRequest(touchpoint, identifiers, now);
        }
        return resolve(touchpoint, identifiers, now)
                .call(resolution -> attach(resolution.customer(), identifiers, now))
                .chain(resolution -> applyEffects(touchpoint, resolution.customer(), identifiers, now)
                        .chain(counted -> publish(touchpoint, resolution, counted, now)));
    }

    private Uni<Resolution> resolve(Touchpoint touchpoint, List<Identifier> identifiers, Instant now) {
        List<Identifier> keys = identifiers.stream().filter(id -> IdentifierNormalizer.isMatchKey(id.type())).toList();
        if (keys.isEmpty()) {
            return resolveThroughOrder(touchpoint);
        }
        return lookUp(keys)
                .chain(found -> {
                    Map<String, Identifier> owners = new LinkedHashMap<>(); // strongest identifier first
                    for (int i = 0; i < keys.size(); i++) {
                        int index = i;
                        found.get(i).ifPresent(known -> owners.putIfAbsent(known.customerId, keys.get(index)));
                    }
                    if (owners.isEmpty()) {
                        String id = EventMetadataFactory.derivedId("customer", touchpoint.getMetadata().getEventId());
                        return Customer.create(id, now).<Customer>persist()
                                .map(created -> new Resolution(created, List.of(), List.of()));
                    }
                    String strongest = owners.keySet().iterator().next();
                    if (owners.size() == 1) {
                        return locked(strongest).map(customer -> new Resolution(customer, List.of(), List.of()));
                    }
                    return knownAmong(owners.keySet()).chain(known -> {
                        if (known.size() <= 1) {
                            // anonymous activity joins the one person it turned out to be (stitching): that is no merge
                            // of two known customers, so it needs no verified identifier
                            return merge(owners, known.isEmpty() ? strongest : known.iterator().next(), now);
                        }
                        if (!touchpoint.getIdentity().getVerified()) {
                            // unverified identifiers never merge known customers: the strongest identifier decides
                            return locked(strongest).map(customer -> new Resolution(customer, List.of(), List.of()));
                        }
                        return merge(owners, null, now);
                    });
                });
    }

    /** The customers among these that hold more than device and browser ids (someone known, not just a visitor). */
    private static Uni<Set<String>> knownAmong(Set<String> customerIds) {
        List<String> anonymousTypes = Arrays.stream(IdentifierType.values()).filter(IdentifierNormalizer::isAnonymous)
                .map(Enum::name).toList();
        return KnownIdentifier.<KnownIdentifier>list("customerId in ?1 and key.type not in ?2", List.copyOf(customerIds), anonymousTypes)
                .map(rows -> rows.stream().map(row -> row.customerId).collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    /** Who holds each identifier, in the identifiers' order (strongest first); one query. */
    private static Uni<List<Optional<KnownIdentifier>>> lookUp(List<Identifier> identifiers) {
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return KnownIdentifier.<KnownIdentifier>list("key.type in ?1 and key.value in ?2",
                        identifiers.stream().map(id -> id.type().name()).distinct().toList(),
                        identifiers.stream().map(Identifier::value).distinct().toList())
                .map(rows -> {
                    Map<KnownIdentifier.Key, KnownIdentifier> byKey = new HashMap<>();
                    rows.forEach(row -> byKey.put(row.key, row));
                    return identifiers.stream().map(id -> Optional.ofNullable(byKey.get(key(id)))).toList();
                });
    }

    private static KnownIdentifier.Key key(Identifier id) {
        return new KnownIdentifier.Key(id.type().name(), id.value());
    }

    /** Refunds, fulfilments and returns name an order, not a person (a return label names only its return). */
    private Uni<Resolution> resolveThroughOrder(Touchpoint touchpoint) {
        String orderId = orderIdOf(touchpoint);
        if (orderId == null && touchpoint.getSourceReturn() != null) {
            String returnId = touchpoint.getSourceReturn().getReturnId();
            return CustomerReturn.<CustomerReturn>findById(returnId)
                    // the return's request may travel on another partition and not be applied yet: parked until it is
                    .onItem().ifNull().failWith(() -> new AwaitingDependencyException("return " + returnId + " is not known yet"))
                    .chain(link -> buyerOf(link.orderId));
        }
        if (orderId == null) {
            return Uni.createFrom().failure(new RejectedEventException("touchpoint " + touchpoint.getTouchpointId()
                    + " carries no identifier and no order to resolve its customer"));
        }
        return buyerOf(orderId);
    }

    /** The customer, read after taking its lock: no other writer changes the row until this transaction ends. */
    private Uni<Customer> locked(String customerId) {
        return locks.lockForTransaction(Customer.LOCKS, customerId).chain(() -> Customer.<Customer>findById(customerId));
    }

    private Uni<Resolution> buyerOf(String orderId) {
        return CustomerOrder.<CustomerOrder>findById(orderId)
                // the purchase may travel on another partition and not be applied yet: parked until it is
                .onItem().ifNull().failWith(() -> new AwaitingDependencyException("order " + orderId + " is not known yet"))
                .chain(order -> locked(order.customerId)
                        .map(customer -> new Resolution(customer, List.of(), List.of(), order.sameAs)));
    }

    /** The order a touchpoint is about, if any. */
    static String orderIdOf(Touchpoint touchpoint) {
        if (touchpoint.getRefund() != null) {
            return touchpoint.getRefund().getOrderId();
        }
        if (touchpoint.getFulfillment() != null) {
            return touchpoint.getFulfillment().getOrderId();
        }
        if (touchpoint.getSourceReturn() != null) {
            return touchpoint.getSourceReturn().getOrderId();
        }
        if (touchpoint.getOrder() != null) {
            return touchpoint.getOrder().getOrderId();
        }
        return touchpoint.getPurchase() != null ? touchpoint.getPurchase().getOrderId() : null;
    }

    /**
     * A privacy request names a person to find, never one to create: it attaches no identifier and changes no
     * profile. It is recorded whether or not anybody holds its identifiers (the erase and export coordination works
     * from the record), and reaches the unified stream only when it names a known customer.
     */
    private Uni<Void> privacyRequest(Touchpoint touchpoint, List<Identifier> identifiers, Instant now) {
        var request = touchpoint.getPrivacyRequest();
        if (request == null) {
            return Uni.createFrom().failure(new RejectedEventException("PRIVACY_REQUEST " + touchpoint.getTouchpointId()
                    + " carries no request"));
        }
        return PrivacyRequestRecord.<PrivacyRequestRecord>findById(touchpoint.getTouchpointId()).chain(seen -> {
            if (seen != null) {
                return Uni.createFrom().voidItem();
            }
            return lookUp(identifiers)
                    .chain(found -> {
                        // the strongest identifier anybody holds names the customer
                        String customerId = found.stream().flatMap(Optional::stream).map(known -> known.customerId)
                                .findFirst().orElse(null);
                        PrivacyRequestRecord record = new PrivacyRequestRecord();
                        record.requestId = touchpoint.getTouchpointId();
                        record.kind = request.getKind();
                        record.sourceSystem = touchpoint.getSourceSystem();
                        record.shop = request.getShop();
                        record.sourceRequestId = request.getRequestId();
                        record.customerId = customerId;
                        record.orderIds = List.copyOf(request.getOrderIds());
                        record.status = customerId == null ? PrivacyRequestRecord.Status.NO_SUCH_CUSTOMER : PrivacyRequestRecord.Status.RECEIVED;
                        record.receivedAt = now;
                        record.dueBy = now.plus(PrivacyCoordinator.DEADLINE);
                        Uni<Void> persisted = record.persist().replaceWithVoid();
                        if (customerId == null) {
                            return persisted;
                        }
                        Uni<Void> passedOn = persisted.chain(() -> Customer.<Customer>findById(customerId))
                                .chain(customer -> outbox.enqueue(Topics.CUSTOMERS_UNIFIED, customer.id,
                                        unified(touchpoint, customer, false, now)));
                        // a shop's erase (shop/redact) concerns no single customer: recorded, not coordinated here
                        return request.getKind() == PrivacyRequestKind.ERASE_CUSTOMER || request.getKind() == PrivacyRequestKind.EXPORT_CUSTOMER
                                ? passedOn.chain(() -> privacy.start(record, touchpoint.getMetadata(), now)) : passedOn;
                    });
        });
    }

    /** Merges the owners into {@code survivorId}, or (null) into the oldest of them. */
    private Uni<Resolution> merge(Map<String, Identifier> owners, String survivorId, Instant now) {
        return locks.lockForTransaction(Customer.LOCKS, owners.keySet())
                .chain(() -> Customer.<Customer>list("id in ?1", List.copyOf(owners.keySet()))).chain(customers -> {
            customers.sort(Comparator.comparing((Customer c) -> !c.id.equals(survivorId)).thenComparing(c -> c.createdAt)
                    .thenComparing(c -> c.id));
            Customer survivor = customers.get(0);
            List<Customer> merged = customers.subList(1, customers.size());
            List<String> mergedIds = merged.stream().map(c -> c.id).toList();
            for (Customer other : merged) {
                absorb(survivor, other);
                other.mergedInto = survivor.id;
                other.updatedAt = now;
            }
            return KnownIdentifier.update("customerId = ?1 where customerId in ?2", survivor.id, mergedIds)
                    .chain(() -> CustomerOrder.update("customerId = ?1 where customerId in ?2", survivor.id, mergedIds))
                    .chain(() -> TimelineEntry.update("customerId = ?1 where customerId in ?2", survivor.id, mergedIds))
                    .chain(() -> CustomerNote.update("customerId = ?1 where customerId in ?2", survivor.id, mergedIds))
                    .chain(() -> Checkouts.merged(survivor.id, mergedIds))
                    .call(() -> checkouts.refreshOpen(survivor, now))
                    .chain(() -> moveConsents(survivor.id, mergedIds))
                    .chain(() -> Segments.forget(mergedIds)) // the survivor's are placed when its profile is published
                    .call(() -> traits.refreshPurchases(survivor, now))
                    .map(ignored -> new Resolution(survivor, mergedIds, List.copyOf(owners.values())));
        });
    }

    /** Survivor's values win; the merged customer fills gaps and adds its purchase history. */
    private static void absorb(Customer survivor, Customer other) {
        survivor.firstName = survivor.firstName != null ? survivor.firstName : other.firstName;
        survivor.lastName = survivor.lastName != null ? survivor.lastName : other.lastName;
        survivor.preferredChannel = survivor.preferredChannel != null ? survivor.preferredChannel : other.preferredChannel;
        if ("UTC".equals(survivor.timeZone)) {
            survivor.timeZone = other.timeZone;
        }
        survivor.purchaseCount += other.purchaseCount;
        survivor.onlinePurchaseCount += other.onlinePurchaseCount;
        survivor.storePurchaseCount += other.storePurchaseCount;
        if (other.lifetimeSpend != null) {
            if (survivor.lifetimeSpend == null) {
                survivor.lifetimeSpend = other.lifetimeSpend;
                survivor.spendCurrency = other.spendCurrency;
            } else if (other.spendCurrency.equals(survivor.spendCurrency)) {
                survivor.lifetimeSpend = survivor.lifetimeSpend.add(other.lifetimeSpend);
            }
        }
        survivor.firstPurchaseAt = earliest(survivor.firstPurchaseAt, other.firstPurchaseAt);
        survivor.lastPurchaseAt = latest(survivor.lastPurchaseAt, other.lastPurchaseAt);
        survivor.lastVisitAt = latest(survivor.lastVisitAt, other.lastVisitAt);
        survivor.birthDate = survivor.birthDate != null ? survivor.birthDate : other.birthDate;
        survivor.assignedAssociate = survivor.assignedAssociate != null ? survivor.assignedAssociate : other.assignedAssociate;
        survivor.categoriesBought = TraitRules.mostRecentFirst(other.categoriesBought, survivor.categoriesBought);
        survivor.categoriesBrowsed = TraitRules.mostRecentFirst(other.categoriesBrowsed, survivor.categoriesBrowsed);
        survivor.tags = new ArrayList<>(new java.util.TreeSet<>(java.util.stream.Stream.concat(survivor.tags.stream(),
                other.tags.stream()).toList()));
        // the survivor's own attributes win; the merged customer's fill the gaps
        Map<String, String> attributes = new TreeMap<>(other.attributes);
        attributes.putAll(survivor.attributes);
        survivor.attributes = attributes;
    }

    /** Each (channel, purpose) keeps the most recent decision of any merged customer; their evidence all moves. */
    private Uni<Void> moveConsents(String survivorId, List<String> mergedIds) {
        List<String> all = new ArrayList<>(mergedIds);
        all.add(survivorId);
        return Consent.<Consent>list("key.customerId in ?1", all).chain(consents -> {
            Map<String, Consent> latest = new LinkedHashMap<>();
            for (Consent consent : consents) {
                latest.merge(consent.key.channel() + "/" + consent.key.purpose(), consent,
                        (a, b) -> a.updatedAt.isAfter(b.updatedAt) ? a : b);
            }
            return ConsentEvidence.update("customerId = ?1 where customerId in ?2", survivorId, mergedIds)
                    .chain(() -> Consent.delete("key.customerId in ?1", mergedIds)).chain(() -> Multi.createFrom().iterable(latest.values())
                    .onItem().transformToUniAndConcatenate(winner -> Consent.<Consent>findById(new Consent.Key(survivorId,
                            winner.key.channel(), winner.key.purpose())).chain(existing -> {
                                if (existing == null) {
                                    return Consent.of(survivorId, winner.key.channel(), winner.key.purpose(), winner.granted,
                                            winner.updatedAt).persist().replaceWithVoid();
                                }
                                existing.granted = winner.granted;
                                existing.updatedAt = winner.updatedAt;
                                return Uni.createFrom().voidItem();
                            }))
                    .collect().last().replaceWithVoid());
        });
    }

    /** New identifiers join the customer; one already owned by someone else stays there (no merge happened). */
    private Uni<Void> attach(Customer customer, List<Identifier> identifiers, Instant now) {
        return lookUp(identifiers).chain(found -> {
            Map<KnownIdentifier.Key, KnownIdentifier> known = new HashMap<>();
            found.forEach(row -> row.ifPresent(identifier -> known.put(identifier.key, identifier)));
            List<KnownIdentifier> added = new ArrayList<>();
            for (Identifier id : identifiers) {
                KnownIdentifier existing = known.get(key(id));
                if (existing == null) {
                    KnownIdentifier identifier = KnownIdentifier.of(id.type().name(), id.value(), customer.id, id.verified(), now);
                    known.put(identifier.key, identifier);
                    added.add(identifier);
                } else if (!IdentifierNormalizer.isMatchKey(id.type())) {
                    existing.customerId = customer.id; // an address goes to whoever uses the app now
                } else if (existing.customerId.equals(customer.id) && id.verified() && !existing.verified) {
                    existing.verified = true;
                }
            }
            return added.isEmpty() ? Uni.createFrom().voidItem() : KnownIdentifier.persist(added);
        });
    }

    /** Updates the golden record; returns what the touchpoint did to the customer's purchases. */
    private Uni<Counted> applyEffects(Touchpoint touchpoint, Customer customer, List<Identifier> identifiers, Instant now) {
        var identity = touchpoint.getIdentity();
        boolean newerProfile = isNewerProfile(touchpoint, customer);
        if (newerProfile) {
            // the source's own profile, newer than the last one applied: its names win
            customer.firstName = identity.getFirstName() != null ? identity.getFirstName() : customer.firstName;
            customer.lastName = identity.getLastName() != null ? identity.getLastName() : customer.lastName;
            customer.profileSourceUpdatedAt = touchpoint.getSourceUpdatedAt();
        } else {
            customer.firstName = customer.firstName != null ? customer.firstName : identity.getFirstName();
            customer.lastName = customer.lastName != null ? customer.lastName : identity.getLastName();
        }
        // an older profile delivery keeps its hands off the language too
        boolean olderProfile = isProfile(touchpoint) && touchpoint.getSourceUpdatedAt() != null && !newerProfile;
        if (identity.getLocale() != null && !identity.getLocale().isBlank() && !olderProfile) {
            customer.locale = Locale.forLanguageTag(identity.getLocale().replace('_', '-')).toLanguageTag();
        }
        if ("UTC".equals(customer.timeZone)) {
            // the address's country first (a shop's default zone is a guess), the phone's; then what the source says
            String byCountry = identity.getCountryCode() == null ? null : ZONES.get(identity.getCountryCode().toUpperCase(Locale.ROOT));
            if (byCountry == null) { // then the phone's country (quiet hours need a zone, ADR 0020)
                byCountry = identifiers.stream().filter(id -> id.type() == IdentifierType.PHONE)
                        .map(id -> IdentifierNormalizer.region(id.value())).filter(java.util.Objects::nonNull)
                        .map(ZONES::get).filter(java.util.Objects::nonNull).findFirst().orElse(null);
            }
            customer.timeZone = byCountry != null ? byCountry : validZone(identity.getTimeZone()).orElse("UTC");
        }
        Set<String> channels = new LinkedHashSet<>();
        for (Identifier id : identifiers) {
            if (id.type() == IdentifierType.EMAIL) {
                channels.add("EMAIL");
            } else if (id.type() == IdentifierType.PHONE) {
                channels.add("SMS");
            } else if (id.type() == IdentifierType.LINE_USER_ID) {
                channels.add("LINE");
            }
        }
        if (customer.preferredChannel == null && !channels.isEmpty()) {
            customer.preferredChannel = channels.iterator().next();
        }
        traits.observe(touchpoint, customer);
        customer.version++;
        customer.updatedAt = now;
        // a known address may receive transactional messages (receipts, thank-yous) unless the customer said no
        Uni<Void> consents = Multi.createFrom().iterable(channels)
                .onItem().transformToUniAndConcatenate(channel -> consentLedger.implied(customer.id, channel, "TRANSACTIONAL", now))
                .collect().last().replaceWithVoid();
        List<ConsentHint> hints = new ArrayList<>(touchpoint.getConsents());
        if (touchpoint.getMarketingConsent() != null) {
            hints.add(touchpoint.getMarketingConsent());
        }
        for (ConsentHint hint : hints) {
            Instant at = hint.getCapturedAt() != null ? hint.getCapturedAt() : touchpoint.getMetadata().getOccurredAt();
            String channel = hint.getChannel().toUpperCase(Locale.ROOT);
            ConsentLedger.Evidence evidence = new ConsentLedger.Evidence(touchpoint.getMetadata().getEventId(),
                    consentSource(touchpoint.getChannel()), null, null, hint.getOptInLevel());
            consents = consents.chain(() -> consentLedger.decided(customer.id, channel, "MARKETING", hint.getGranted(), at, evidence));
            if (hint.getAllPurposes()) {
                // a choice made on the channel itself (an SMS STOP, a blocked LINE account) reaches receipts too
                consents = consents.chain(() -> consentLedger.decided(customer.id, channel, "TRANSACTIONAL", hint.getGranted(), at, evidence));
            }
        }
        return consents.chain(() -> {
            if (touchpoint.getType() == TouchpointType.PURCHASE && touchpoint.getPurchase() != null) {
                return recordPurchase(touchpoint, customer).call(() -> traits.refreshPurchases(customer, now))
                        .call(() -> completedCheckout(touchpoint, customer, now));
            }
            if (touchpoint.getType() == TouchpointType.ORDER_PLACED && touchpoint.getPurchase() != null) {
                return recordPlaced(touchpoint, customer).call(() -> completedCheckout(touchpoint, customer, now));
            }
            if (touchpoint.getType() == TouchpointType.CHECKOUT_UPDATED && touchpoint.getCheckout() != null) {
                return checkouts.observe(touchpoint, customer, now).replaceWith(Counted.OTHER);
            }
            if (touchpoint.getType() == TouchpointType.ORDER_CANCELLED && touchpoint.getPurchase() != null) {
                return recordCancelled(touchpoint, customer).call(() -> traits.refreshPurchases(customer, now));
            }
            var sourceReturn = touchpoint.getSourceReturn();
            if (sourceReturn != null && sourceReturn.getOrderId() != null) {
                return CustomerReturn.<CustomerReturn>findById(sourceReturn.getReturnId()).chain(known -> known != null
                        ? Uni.createFrom().item(Counted.OTHER)
                        : CustomerReturn.of(sourceReturn.getReturnId(), sourceReturn.getOrderId()).persist().replaceWith(Counted.OTHER));
            }
            if (touchpoint.getType() == TouchpointType.REFUND && touchpoint.getRefund() != null) {
                return recordRefund(touchpoint, customer, now);
            }
            return Uni.createFrom().item(Counted.OTHER);
        });
    }

    /** An order completes the checkout it names (Shopify's checkout_token), at the time it was placed. */
    private Uni<Void> completedCheckout(Touchpoint touchpoint, Customer customer, Instant now) {
        String token = touchpoint.getOrder() == null ? null : touchpoint.getOrder().getCheckoutToken();
        Instant placed = touchpoint.getPurchase().getPlacedAt() != null ? touchpoint.getPurchase().getPlacedAt()
                : touchpoint.getMetadata().getOccurredAt();
        return checkouts.completed(token, placed, customer, now);
    }

    /** A refund lowers the lifetime spend and, through its order, the rolling 12-month spend. */
    private Uni<Counted> recordRefund(Touchpoint touchpoint, Customer customer, Instant now) {
        var refund = touchpoint.getRefund();
        if (customer.lifetimeSpend != null && refund.getAmount().getCurrency().equals(customer.spendCurrency)) {
            customer.lifetimeSpend = customer.lifetimeSpend.subtract(refund.getAmount().getAmount()).max(BigDecimal.ZERO);
        }
        return CustomerOrder.<CustomerOrder>findById(refund.getOrderId()).chain(order -> {
            if (order == null || !order.currency.equals(refund.getAmount().getCurrency())) {
                return Uni.createFrom().voidItem();
            }
            order.refunded = order.refunded.add(refund.getAmount().getAmount()).min(order.total);
            return traits.refreshPurchases(customer, now);
        }).replaceWith(Counted.OTHER);
    }

    /** Where a consent carried by a touchpoint was given, as evidence. */
    static ConsentSource consentSource(TouchpointChannel channel) {
        return switch (channel) {
            case ONLINE_SHOPIFY -> ConsentSource.SHOPIFY;
            case STORE_POS -> ConsentSource.POS;
            case SMS -> ConsentSource.SMS_KEYWORD;
            case LINE -> ConsentSource.LINE_FOLLOW;
            case WEB, APP -> ConsentSource.WEB;
            default -> ConsentSource.UNKNOWN;
        };
    }

    /**
     * Counts an order once, however often it is seen (e.g. two webhooks for one order); an order seen as placed is
     * counted when paid, a cancelled one never, one whose receipt another order reported first never.
     */
    private Uni<Counted> recordPurchase(Touchpoint touchpoint, Customer customer) {
        var purchase = touchpoint.getPurchase();
        return known(touchpoint, customer).chain(existing -> {
            if (existing != null && existing.status == CustomerOrder.Status.DUPLICATE) {
                return Uni.createFrom().item(Counted.SAME_PURCHASE_AS_ANOTHER);
            }
            if (existing != null && existing.status == CustomerOrder.Status.CANCELLED) {
                // its cancellation came first (Shopify does not order deliveries): the payment neither counts nor
                // reaches the unified stream, where it would earn and be thanked
                return Uni.createFrom().failure(new NotApplicableException("order " + purchase.getOrderId()
                        + " was cancelled before its payment arrived"));
            }
            if (existing != null && existing.status == CustomerOrder.Status.PURCHASED) {
                return Uni.createFrom().item(Counted.OTHER);
            }
            boolean first = customer.purchaseCount == 0;
            customer.purchaseCount++;
            if (touchpoint.getChannel() == TouchpointChannel.STORE_POS) {
                customer.storePurchaseCount++;
            } else {
                customer.onlinePurchaseCount++;
            }
            BigDecimal amount = purchase.getTotal().getAmount();
            String currency = purchase.getTotal().getCurrency();
            if (customer.lifetimeSpend == null) {
                customer.lifetimeSpend = amount;
                customer.spendCurrency = currency;
            } else if (currency.equals(customer.spendCurrency)) {
                customer.lifetimeSpend = customer.lifetimeSpend.add(amount);
            }
            customer.firstPurchaseAt = earliest(customer.firstPurchaseAt, purchase.getPlacedAt());
            customer.lastPurchaseAt = latest(customer.lastPurchaseAt, purchase.getPlacedAt());
            Counted counted = first ? Counted.FIRST_PURCHASE : Counted.OTHER;
            if (existing != null) {
                existing.status = CustomerOrder.Status.PURCHASED;
                existing.total = amount;
                existing.currency = currency;
                return Uni.createFrom().item(counted);
            }
            return order(touchpoint, customer, CustomerOrder.Status.PURCHASED).persist().replaceWith(counted);
        });
    }

    /**
     * The order as recorded so far; an order not seen before whose receipt another order holds is recorded now, as a
     * DUPLICATE of that one.
     */
    private static Uni<CustomerOrder> known(Touchpoint touchpoint, Customer customer) {
        var purchase = touchpoint.getPurchase();
        return CustomerOrder.<CustomerOrder>findById(purchase.getOrderId()).chain(existing -> {
            if (existing != null || purchase.getReceiptReference() == null) {
                return Uni.createFrom().item(existing);
            }
            return CustomerOrder.<CustomerOrder>find("receiptReference = ?1 and sameAs is null and status <> ?2",
                    purchase.getReceiptReference(), CustomerOrder.Status.CANCELLED)
                    .firstResult().chain(holder -> {
                        if (holder == null) {
                            return Uni.createFrom().nullItem();
                        }
                        CustomerOrder duplicate = order(touchpoint, customer, CustomerOrder.Status.DUPLICATE);
                        duplicate.sameAs = holder.orderId;
                        return duplicate.persist();
                    });
        });
    }

    /** An order not paid yet: known, so that its fulfilments and returns find the buyer, but not counted. */
    private Uni<Counted> recordPlaced(Touchpoint touchpoint, Customer customer) {
        return known(touchpoint, customer).chain(existing -> {
            if (existing == null) {
                return order(touchpoint, customer, CustomerOrder.Status.PLACED).persist().replaceWith(Counted.OTHER);
            }
            return Uni.createFrom().item(existing.status == CustomerOrder.Status.DUPLICATE ? Counted.SAME_PURCHASE_AS_ANOTHER : Counted.OTHER);
        });
    }

    /**
     * A cancelled order leaves the statistics it was counted in; one not seen before is recorded as cancelled, so that
     * a late delivery of its payment never counts it.
     */
    private Uni<Counted> recordCancelled(Touchpoint touchpoint, Customer customer) {
        return known(touchpoint, customer).chain(existing -> {
            if (existing == null) {
                return order(touchpoint, customer, CustomerOrder.Status.CANCELLED).persist().replaceWith(Counted.OTHER);
            }
            if (existing.status == CustomerOrder.Status.DUPLICATE) {
                // a copy of a purchase another path reported: that path voids its own sale
                return Uni.createFrom().item(Counted.SAME_PURCHASE_AS_ANOTHER);
            }
            if (existing.status == CustomerOrder.Status.PURCHASED && existing.customerId.equals(customer.id)) {
                customer.purchaseCount = Math.max(0, customer.purchaseCount - 1);
                if ("STORE_POS".equals(existing.channel)) {
                    customer.storePurchaseCount = Math.max(0, customer.storePurchaseCount - 1);
                } else {
                    customer.onlinePurchaseCount = Math.max(0, customer.onlinePurchaseCount - 1);
                }
                if (customer.lifetimeSpend != null && existing.currency.equals(customer.spendCurrency)) {
                    customer.lifetimeSpend = customer.lifetimeSpend.subtract(existing.total).max(BigDecimal.ZERO);
                }
            }
            existing.status = CustomerOrder.Status.CANCELLED;
            return Uni.createFrom().item(Counted.OTHER);
        });
    }

    private static CustomerOrder order(Touchpoint touchpoint, Customer customer, CustomerOrder.Status status) {
        var purchase = touchpoint.getPurchase();
        CustomerOrder order = new CustomerOrder();
        order.orderId = purchase.getOrderId();
        order.customerId = customer.id;
        order.channel = touchpoint.getChannel().name();
        order.total = purchase.getTotal().getAmount();
        order.currency = purchase.getTotal().getCurrency();
        order.placedAt = purchase.getPlacedAt();
        order.status = status;
        order.receiptReference = purchase.getReceiptReference();
        order.storeId = touchpoint.getChannel() == TouchpointChannel.STORE_POS ? touchpoint.getStoreId() : null;
        order.checkoutToken = touchpoint.getOrder() == null ? null : touchpoint.getOrder().getCheckoutToken();
        return order;
    }

    private static boolean isProfile(Touchpoint touchpoint) {
        return touchpoint.getType() == TouchpointType.SIGNUP || touchpoint.getType() == TouchpointType.PROFILE_UPDATE;
    }

    /** A profile from the source itself, changed after the last one applied (or the first one). */
    private static boolean isNewerProfile(Touchpoint touchpoint, Customer customer) {
        return isProfile(touchpoint) && touchpoint.getSourceUpdatedAt() != null
                && (customer.profileSourceUpdatedAt == null || touchpoint.getSourceUpdatedAt().isAfter(customer.profileSourceUpdatedAt));
    }

    private static Optional<String> validZone(String zone) {
        if (zone == null || zone.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(zone.trim()).getId());
        } catch (DateTimeException unknown) {
            return Optional.empty();
        }
    }

    private Uni<Void> publish(Touchpoint touchpoint, Resolution resolution, Counted counted, Instant now) {
        EventMetadata cause = touchpoint.getMetadata();
        Customer customer = resolution.customer();
        Touchpoint named = resolution.sameAs() == null ? touchpoint : namingOrder(touchpoint, resolution.sameAs());
        CustomerEvent unified = unified(named, customer, counted == Counted.FIRST_PURCHASE, now);
        Uni<Void> writes = Uni.createFrom().voidItem();
        if (!resolution.mergedIds().isEmpty()) {
            IdentityMerged merged = IdentityMerged.newBuilder()
                    .setMetadata(EventMetadataFactory.causedBy(cause, "merge", SOURCE, now))
                    .setSurvivorCustomerId(customer.id)
                    .setMergedCustomerIds(resolution.mergedIds())
                    .setMatchedOn(resolution.matchedOn().stream().map(id -> CustomerIdentifier.newBuilder()
                            .setType(id.type()).setValue(id.value()).setVerified(id.verified()).build()).toList())
                    .setReason("verified identifiers of touchpoint " + touchpoint.getTouchpointId() + " belong to several customers")
                    .build();
            // merges first: consumers fold the merged accounts before the unified event of the survivor arrives
            writes = writes.chain(() -> outbox.enqueue(Topics.CUSTOMERS_MERGES, customer.id, merged));
            for (String mergedId : resolution.mergedIds()) {
                writes = writes.chain(() -> outbox.enqueueTombstone(Topics.CUSTOMERS_PROFILES, mergedId));
            }
        }
        if (counted != Counted.SAME_PURCHASE_AS_ANOTHER) {
            // the same purchase reported again reaches nobody: it would earn and be thanked twice
            writes = writes.chain(() -> outbox.enqueue(Topics.CUSTOMERS_UNIFIED, customer.id, unified));
        }
        return writes
                .chain(() -> TimelineEntry.<TimelineEntry>findById(touchpoint.getTouchpointId()))
                .chain(seen -> seen != null ? Uni.createFrom().voidItem()
                        : TimelineEntries.of(named, customer.id).persist().replaceWithVoid())
                .chain(() -> publisher.publish(customer, EventMetadataFactory.causedBy(cause, "profile", SOURCE, now), now));
    }

    /** The touchpoint naming {@code orderId} instead of the DUPLICATE order it names (refunds, fulfilments, returns). */
    private static Touchpoint namingOrder(Touchpoint touchpoint, String orderId) {
        Touchpoint.Builder renamed = Touchpoint.newBuilder(touchpoint);
        if (touchpoint.getRefund() != null) {
            renamed.setRefund(RefundDetails.newBuilder(touchpoint.getRefund()).setOrderId(orderId).build());
        }
        if (touchpoint.getFulfillment() != null) {
            renamed.setFulfillment(FulfillmentDetails.newBuilder(touchpoint.getFulfillment()).setOrderId(orderId).build());
        }
        if (touchpoint.getSourceReturn() != null && touchpoint.getSourceReturn().getOrderId() != null) {
            renamed.setSourceReturn(ReturnDetails.newBuilder(touchpoint.getSourceReturn()).setOrderId(orderId).build());
        }
        return renamed.build();
    }

    /** The touchpoint as the unified stream carries it: attributed to the customer, without raw identifiers. */
    private static CustomerEvent unified(Touchpoint touchpoint, Customer customer, boolean firstPurchase, Instant now) {
        return CustomerEvent.newBuilder()
                .setMetadata(EventMetadataFactory.causedBy(touchpoint.getMetadata(), "unified", SOURCE, now))
                .setCustomerId(customer.id)
                .setTouchpointId(touchpoint.getTouchpointId())
                .setType(touchpoint.getType())
                .setChannel(touchpoint.getChannel())
                .setSourceSystem(touchpoint.getSourceSystem())
                .setSourceReference(touchpoint.getSourceReference())
                .setStoreId(touchpoint.getStoreId())
                .setPurchase(touchpoint.getPurchase())
                .setRefund(touchpoint.getRefund())
                .setIsFirstPurchase(firstPurchase)
                .setAttributes(touchpoint.getAttributes())
                .setOrder(touchpoint.getOrder())
                .setCheckout(touchpoint.getCheckout())
                .setFulfillment(touchpoint.getFulfillment())
                .setSourceReturn(touchpoint.getSourceReturn())
                .setPrivacyRequest(touchpoint.getPrivacyRequest())
                .setAppointment(touchpoint.getAppointment())
                .setActivity(touchpoint.getActivity())
                .setMessage(touchpoint.getMessage())
                .setSurvey(touchpoint.getSurvey())
                .setSourceUpdatedAt(touchpoint.getSourceUpdatedAt())
                .build();
    }

    private static Instant earliest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isBefore(b) ? a : b;
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
