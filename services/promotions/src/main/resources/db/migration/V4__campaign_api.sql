-- promotions: campaigns made through the API (admin). A TARGETED campaign issues one coupon to every customer whose
-- profile its CEL target accepts; any campaign may limit where its coupons redeem, when it runs, how many codes it
-- issues and the discount budget they may spend. Redemptions remember the order's amount (revenue attributed), and
-- uses that are refused (expired, wrong channel, ...) are recorded.

ALTER TABLE campaign DROP CONSTRAINT campaign_kind_check;
ALTER TABLE campaign ADD CONSTRAINT campaign_kind_check CHECK (kind IN ('WELCOME', 'OFFER', 'TARGETED'));
ALTER TABLE campaign ADD COLUMN target text;                 -- CEL over the profile (RuleLanguage.SEGMENTS)
ALTER TABLE campaign ADD CONSTRAINT campaign_target_iff_targeted CHECK ((kind = 'TARGETED') = (target IS NOT NULL));
ALTER TABLE campaign ADD COLUMN channel text NOT NULL DEFAULT 'ANY' CHECK (channel IN ('ANY', 'ONLINE', 'STORE'));
ALTER TABLE campaign ADD COLUMN starts_at timestamptz;       -- NULL: from its creation
ALTER TABLE campaign ADD COLUMN ends_at timestamptz;         -- NULL: open-ended
ALTER TABLE campaign ADD CONSTRAINT campaign_window CHECK (ends_at IS NULL OR starts_at IS NULL OR starts_at < ends_at);
ALTER TABLE campaign ADD COLUMN max_codes integer CHECK (max_codes > 0);
-- the most the codes may give away, in the discount's currency (fixed-amount campaigns only)
ALTER TABLE campaign ADD COLUMN budget numeric(18,4) CHECK (budget > 0);
ALTER TABLE campaign ADD CONSTRAINT campaign_budget_fixed_amount CHECK (budget IS NULL OR discount_kind = 'FIXED_AMOUNT');
-- codes issued so far: reserved atomically (UPDATE ... WHERE codes_issued < max_codes) when a limit applies
ALTER TABLE campaign ADD COLUMN codes_issued integer NOT NULL DEFAULT 0;
-- a TARGETED campaign's first pass over every customer's profile: claimed (lease) and finished
ALTER TABLE campaign ADD COLUMN launch_claimed_at timestamptz;
ALTER TABLE campaign ADD COLUMN launched_at timestamptz;
ALTER TABLE campaign ADD COLUMN created_by text;

UPDATE campaign SET channel = 'STORE' WHERE campaign_id = 'store-visit-500';
UPDATE campaign SET channel = 'ONLINE' WHERE campaign_id = 'online-visit-500';
UPDATE campaign c SET codes_issued = (SELECT count(*) FROM coupon WHERE coupon.campaign_id = c.campaign_id);

-- the campaign's channel at issue time, like its other terms
ALTER TABLE coupon ADD COLUMN channel text NOT NULL DEFAULT 'ANY' CHECK (channel IN ('ANY', 'ONLINE', 'STORE'));
UPDATE coupon SET channel = c.channel FROM campaign c WHERE c.campaign_id = coupon.campaign_id;
-- what the order that redeemed the coupon paid, and where (ONLINE or STORE)
ALTER TABLE coupon ADD COLUMN redeemed_amount numeric(18,4);
ALTER TABLE coupon ADD COLUMN redeemed_currency text;
ALTER TABLE coupon ADD COLUMN redeemed_channel text CHECK (redeemed_channel IN ('ONLINE', 'STORE'));
CREATE INDEX coupon_campaign ON coupon (campaign_id);

-- An order that carried one of our codes the coupon could not be redeemed for: a business outcome, kept for the
-- campaign's results. Once per code and order.
CREATE TABLE coupon_refusal (
    code        text NOT NULL REFERENCES coupon (code),
    order_id    text NOT NULL,
    customer_id text NOT NULL,
    reason      text NOT NULL CHECK (reason IN ('EXPIRED', 'NOT_YET_VALID', 'WRONG_CHANNEL', 'REVOKED', 'ALREADY_REDEEMED')),
    refused_at  timestamptz NOT NULL,
    PRIMARY KEY (code, order_id)
);
