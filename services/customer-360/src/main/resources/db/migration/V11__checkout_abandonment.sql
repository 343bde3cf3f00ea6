-- customer-360: every checkout a customer started (Shopify checkouts, web and app checkout activity), whether and when
-- it completed, and the abandonment risk of the open ones (ADR 0029); the fits of the abandonment model.
CREATE TABLE customer_checkout (
    checkout_token     text PRIMARY KEY,
    customer_id        text NOT NULL,
    channel            text NOT NULL,
    started_at         timestamptz NOT NULL,
    last_activity_at   timestamptz NOT NULL,
    completed_at       timestamptz,
    total              numeric(19, 4),
    currency           text,
    earlier_checkouts  integer NOT NULL,
    earlier_completed  integer NOT NULL,
    abandonment_risk   double precision,
    risk_idle_hours    double precision,
    risk_fit_id        text,
    risk_scored_at     timestamptz
);
CREATE INDEX customer_checkout_customer ON customer_checkout (customer_id);
CREATE INDEX customer_checkout_open ON customer_checkout (last_activity_at) WHERE completed_at IS NULL;

CREATE TABLE abandonment_fit (
    fit_id        text PRIMARY KEY,
    as_of         timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('FITTED', 'INSUFFICIENT_HISTORY')),
    checkouts     integer NOT NULL,
    model         jsonb,
    auc           double precision,
    brier         double precision,
    fit_millis    bigint NOT NULL,
    CHECK (status <> 'FITTED' OR model IS NOT NULL)
);
CREATE INDEX abandonment_fit_latest ON abandonment_fit (as_of DESC) WHERE status = 'FITTED';

ALTER TABLE customer ADD COLUMN open_checkout_token text;
