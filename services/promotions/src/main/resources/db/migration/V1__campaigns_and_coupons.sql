-- promotions: campaigns as data, and the coupons issued from them (unique single-use codes, per-customer caps
-- enforced by counting under a per-customer lock, redemptions tracked from POS and Shopify orders).

CREATE TABLE campaign (
    campaign_id        text PRIMARY KEY,
    name               text    NOT NULL,
    kind               text    NOT NULL CHECK (kind IN ('WELCOME', 'OFFER')),
    -- first part of every code of this campaign, e.g. WEL-XXXXX-XXXXX
    code_prefix        text    NOT NULL CHECK (code_prefix ~ '^[A-Z0-9]{2,6}$'),
    discount_kind      text    NOT NULL CHECK (discount_kind IN ('PERCENT', 'FIXED_AMOUNT')),
    discount_value     numeric(18,4) NOT NULL CHECK (discount_value > 0),
    discount_currency  text,
    -- NULL: the coupons never expire
    validity_days      integer CHECK (validity_days > 0),
    -- NULL: no per-customer cap
    per_customer_cap   integer CHECK (per_customer_cap > 0),
    active             boolean NOT NULL DEFAULT true,
    created_at         timestamptz NOT NULL DEFAULT now(),
    CHECK ((discount_kind = 'FIXED_AMOUNT') = (discount_currency IS NOT NULL)),
    CHECK (discount_kind <> 'PERCENT' OR discount_value <= 100)
);

CREATE TABLE coupon (
    code                     text PRIMARY KEY,          -- unique, single-use, e.g. WEL-7K3QD-M9XTA
    campaign_id              text NOT NULL REFERENCES campaign (campaign_id),
    customer_id              text NOT NULL,
    -- what the coupon was issued for: the first purchase's order id, or the offer command's commandId
    issued_for               text NOT NULL,
    issued_at                timestamptz NOT NULL,
    -- the campaign's terms at issue time: later campaign edits do not change coupons already out there
    discount_kind            text NOT NULL,
    discount_value           numeric(18,4) NOT NULL,
    discount_currency        text,
    valid_from               timestamptz NOT NULL,
    valid_until              timestamptz,
    redeemed_at              timestamptz,
    redeemed_order_id        text,
    redeemed_by_customer_id  text,
    CHECK ((redeemed_at IS NULL) = (redeemed_order_id IS NULL)),
    -- at most one coupon of a campaign per reference (one per offer command, one per first purchase)
    UNIQUE (campaign_id, issued_for)
);
-- per-customer caps count a customer's coupons of a campaign; the REST list reads by customer
CREATE INDEX coupon_customer_campaign ON coupon (customer_id, campaign_id);

INSERT INTO campaign (campaign_id, name, kind, code_prefix, discount_kind, discount_value, discount_currency,
                      validity_days, per_customer_cap, active)
VALUES
    ('welcome-10', 'Welcome: 10 % off the next order', 'WELCOME', 'WEL', 'PERCENT', 10.0000, NULL, 30, 1, true),
    ('store-visit-500', 'Cross-promotion: 500 JPY off in store or online', 'OFFER', 'STV', 'FIXED_AMOUNT', 500.0000, 'JPY',
     30, 1, true);
