-- customer-360: one row per customer (the golden record), the identity graph that points identifiers at it,
-- consents per channel and purpose, and the orders seen (refunds and returns find their buyer through them).

CREATE TABLE customer (
    customer_id            text PRIMARY KEY,
    first_name             text,
    last_name              text,
    locale                 text NOT NULL DEFAULT 'en',
    time_zone              text NOT NULL DEFAULT 'UTC',
    preferred_channel      text,
    purchase_count         integer NOT NULL DEFAULT 0,
    online_purchase_count  integer NOT NULL DEFAULT 0,
    store_purchase_count   integer NOT NULL DEFAULT 0,
    lifetime_spend         numeric(18,4),
    spend_currency         text,
    first_purchase_at      timestamptz,
    last_purchase_at       timestamptz,
    -- set when this customer was merged into another (survivorship); its identifiers moved there
    merged_into            text REFERENCES customer (customer_id),
    version                bigint NOT NULL DEFAULT 0,
    created_at             timestamptz NOT NULL,
    updated_at             timestamptz NOT NULL
);

CREATE TABLE customer_identifier (
    type         text NOT NULL,          -- EMAIL, PHONE (E.164), SHOPIFY_CUSTOMER_ID, POS_LOYALTY_CARD, ...
    value        text NOT NULL,          -- normalized
    customer_id  text NOT NULL REFERENCES customer (customer_id),
    verified     boolean NOT NULL,
    first_seen_at timestamptz NOT NULL,
    PRIMARY KEY (type, value)
);
CREATE INDEX customer_identifier_customer ON customer_identifier (customer_id);

CREATE TABLE customer_consent (
    customer_id  text NOT NULL REFERENCES customer (customer_id),
    channel      text NOT NULL,          -- EMAIL, SMS, LINE, ...
    purpose      text NOT NULL,          -- TRANSACTIONAL, MARKETING
    granted      boolean NOT NULL,
    updated_at   timestamptz NOT NULL,
    PRIMARY KEY (customer_id, channel, purpose)
);

CREATE TABLE customer_order (
    order_id     text PRIMARY KEY,       -- Shopify order id, or pos-sale:<id>
    customer_id  text NOT NULL REFERENCES customer (customer_id),
    channel      text NOT NULL,
    total        numeric(18,4) NOT NULL,
    currency     text NOT NULL,
    placed_at    timestamptz NOT NULL
);
CREATE INDEX customer_order_customer ON customer_order (customer_id);
