-- loyalty: paid memberships. One row per customer (its current or last membership), and one per order that bought
-- terms (idempotency: an order buys its terms once; its cancellation takes them back once).
CREATE TABLE membership (
    customer_id text        PRIMARY KEY,
    plan        text        NOT NULL,
    started_at  timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    status      text        NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
    updated_at  timestamptz NOT NULL
);
CREATE INDEX membership_active_end ON membership (ends_at) WHERE status = 'ACTIVE';

CREATE TABLE membership_purchase (
    order_id     text        PRIMARY KEY,
    customer_id  text        NOT NULL,
    plan         text        NOT NULL,
    terms        integer     NOT NULL CHECK (terms > 0),
    paid_at      timestamptz NOT NULL,
    cancelled_at timestamptz
);
CREATE INDEX membership_purchase_customer ON membership_purchase (customer_id);
