-- The timeline: one entry per event about a customer, from any service (touchpoints after resolution, loyalty,
-- promotions, returns, notification outcomes), keyed by the event's own id so that a redelivery adds nothing. Entries
-- follow their customer through merges.
CREATE TABLE timeline_entry (
    entry_id     text PRIMARY KEY,
    customer_id  text NOT NULL,
    occurred_at  timestamptz NOT NULL,
    kind         text NOT NULL CHECK (kind IN ('TOUCHPOINT', 'LOYALTY', 'PROMOTION', 'RETURN', 'NOTIFICATION')),
    type         text NOT NULL,          -- the event's own type within its kind (TouchpointType, LoyaltyEventType, ...)
    channel      text,                   -- TouchpointChannel or ContactChannel
    source       text NOT NULL,
    store_id     text,
    summary      text NOT NULL,
    details      jsonb NOT NULL
);
CREATE INDEX timeline_entry_customer ON timeline_entry (customer_id, occurred_at DESC, entry_id DESC);

-- Traits (CustomerTraits on the profile). Loyalty's, the clienteling ones and the scored ones change outside the
-- touchpoint path; every writer of a customer row holds the customer's advisory lock.
ALTER TABLE customer ADD COLUMN birth_date date;
ALTER TABLE customer ADD COLUMN loyalty_tier text;
ALTER TABLE customer ADD COLUMN loyalty_points bigint;
ALTER TABLE customer ADD COLUMN last_visit_at timestamptz;
ALTER TABLE customer ADD COLUMN preferred_store_id text;
ALTER TABLE customer ADD COLUMN categories_bought text[] NOT NULL DEFAULT '{}';
ALTER TABLE customer ADD COLUMN categories_browsed text[] NOT NULL DEFAULT '{}';
ALTER TABLE customer ADD COLUMN spend_12m numeric(18,4);
ALTER TABLE customer ADD COLUMN purchases_12m integer NOT NULL DEFAULT 0;
ALTER TABLE customer ADD COLUMN rfm_recency smallint;
ALTER TABLE customer ADD COLUMN rfm_frequency smallint;
ALTER TABLE customer ADD COLUMN rfm_monetary smallint;
ALTER TABLE customer ADD COLUMN rfm_scored_at timestamptz;
ALTER TABLE customer ADD COLUMN assigned_associate text;
ALTER TABLE customer ADD COLUMN tags text[] NOT NULL DEFAULT '{}';

-- What was refunded of an order and where a store order was bought: the rolling 12-month spend is net of refunds and
-- the preferred store is the one with most purchases.
ALTER TABLE customer_order ADD COLUMN refunded numeric(18,4) NOT NULL DEFAULT 0;
ALTER TABLE customer_order ADD COLUMN store_id text;

-- Clienteling: associates' notes on a customer.
CREATE TABLE customer_note (
    note_id      text PRIMARY KEY,
    customer_id  text NOT NULL REFERENCES customer (customer_id),
    author       text NOT NULL,          -- the associate's user name
    text         text NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX customer_note_customer ON customer_note (customer_id, created_at DESC);
