package io.omniretail.customer.profile;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * The golden record of one customer. Whoever changes a row holds the customer's advisory lock ({@link #LOCKS}), so the
 * touchpoint path, loyalty's reports, the trait refresh and associates never overwrite each other's changes.
 */
@Entity
@Table(name = "customer")
public class Customer extends PanacheEntityBase {

    /** What a tag may be: 1 to 40 lower-case letters, digits and '-', starting with a letter or digit. */
    public static final Pattern TAG = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    /** What an attribute's name may be: camelCase, up to 40 characters. */
    public static final Pattern ATTRIBUTE = Pattern.compile("[a-z][A-Za-z0-9]{0,39}");
    /** The longest attribute value, and the most attributes a customer has. */
    public static final int MAX_ATTRIBUTE_VALUE = 256;
    public static final int MAX_ATTRIBUTES = 50;

    /** The advisory-lock namespace of customer rows (kit AdvisoryLocks), keyed by customer id. */
    public static final String LOCKS = "customer";

    @Id
    @Column(name = "customer_id")
    public String id;
    @Column(name = "first_name")
    public String firstName;
    @Column(name = "last_name")
    public String lastName;
    public String locale = "en";
    @Column(name = "time_zone")
    public String timeZone = "UTC";
    @Column(name = "preferred_channel")
    public String preferredChannel;
    @Column(name = "purchase_count")
    public int purchaseCount;
    @Column(name = "online_purchase_count")
    public int onlinePurchaseCount;
    @Column(name = "store_purchase_count")
    public int storePurchaseCount;
    @Column(name = "lifetime_spend")
    public BigDecimal lifetimeSpend;
    @Column(name = "spend_currency")
    public String spendCurrency;
    @Column(name = "first_purchase_at")
    public Instant firstPurchaseAt;
    @Column(name = "last_purchase_at")
    public Instant lastPurchaseAt;
    /** When the source last changed the profile it sent; older profile deliveries do not overwrite. */
    @Column(name = "profile_source_updated_at")
    public Instant profileSourceUpdatedAt;
    @Column(name = "merged_into")
    public String mergedInto;
    @Column(name = "birth_date")
    public LocalDate birthDate;
    /** Traits (ADR 0018): loyalty's as it last reported them, behaviour, scores and clienteling. */
    @Column(name = "loyalty_tier")
    public String loyaltyTier;
    @Column(name = "loyalty_points")
    public Long loyaltyPoints;
    /** The paid membership loyalty last reported (null: none), and when its term ends or ended. */
    @Column(name = "membership_plan")
    public String membershipPlan;
    @Column(name = "membership_ends_at")
    public Instant membershipEndsAt;
    @Column(name = "last_visit_at")
    public Instant lastVisitAt;
    @Column(name = "preferred_store_id")
    public String preferredStoreId;
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "categories_bought")
    public List<String> categoriesBought = new ArrayList<>();
    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "categories_browsed")
    public List<String> categoriesBrowsed = new ArrayList<>();
    @Column(name = "spend_12m")
    public BigDecimal spend12Months;
    @Column(name = "purchases_12m")
    public int purchases12Months;
    @Column(name = "rfm_recency")
    public Short rfmRecency;
    @Column(name = "rfm_frequency")
    public Short rfmFrequency;
    @Column(name = "rfm_monetary")
    public Short rfmMonetary;
    @Column(name = "rfm_scored_at")
    public Instant rfmScoredAt;
    /** Predictions from the latest fit of the customer-base models (ADR 0027); null until scored. */
    @Column(name = "churn_risk")
    public Double churnRisk;
    @Column(name = "expected_purchases_30d")
    public Double expectedPurchases30Days;
    @Column(name = "expected_purchases_90d")
    public Double expectedPurchases90Days;
    @Column(name = "expected_order_value")
    public BigDecimal expectedOrderValue;
    @Column(name = "predicted_clv")
    public BigDecimal predictedClv;
    @Column(name = "clv_decile")
    public Short clvDecile;
    @Column(name = "scored_at")
    public Instant scoredAt;
    @Column(name = "score_fit_id")
    public String scoreFitId;
    /** The customer's most recently active open checkout (CustomerCheckout), published as traits.cart. */
    @Column(name = "open_checkout_token")
    public String openCheckoutToken;
    @Column(name = "assigned_associate")
    public String assignedAssociate;
    @JdbcTypeCode(SqlTypes.ARRAY)
    /** Clienteling tags, from associates and journeys: lower-case letters, digits and '-' ({@link #TAG}). */
    public List<String> tags = new ArrayList<>();
    /** Attributes journeys set (ProfileCommand): camelCase names ({@link #ATTRIBUTE}), string values. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> attributes = new TreeMap<>();
    public long version;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public static Customer create(String id, Instant now) {
        Customer customer = new Customer();
        customer.id = id;
        customer.createdAt = now;
        customer.updatedAt = now;
        return customer;
    }
}
