-- customer-360: fits of the customer-base models (BG/NBD, Gamma-Gamma; ADR 0027) and each customer's scores from the
-- latest fit, published as the profile's traits.predictions.
CREATE TABLE customer_base_fit (
    fit_id text PRIMARY KEY,
    as_of timestamptz NOT NULL,
    status text NOT NULL CHECK (status IN ('FITTED', 'INSUFFICIENT_HISTORY')),
    buyers integer NOT NULL,
    repeat_buyers integer NOT NULL,
    model jsonb,
    bg_nbd_log_likelihood double precision,
    gamma_gamma_log_likelihood double precision,
    evaluations integer NOT NULL DEFAULT 0,
    fit_millis bigint NOT NULL,
    customers_scored integer NOT NULL DEFAULT 0,
    CHECK (status <> 'FITTED' OR (model IS NOT NULL AND bg_nbd_log_likelihood IS NOT NULL))
);
CREATE INDEX customer_base_fit_latest ON customer_base_fit (as_of DESC) WHERE status = 'FITTED';

ALTER TABLE customer ADD COLUMN churn_risk double precision;
ALTER TABLE customer ADD COLUMN expected_purchases_30d double precision;
ALTER TABLE customer ADD COLUMN expected_purchases_90d double precision;
ALTER TABLE customer ADD COLUMN expected_order_value numeric(19, 4);
ALTER TABLE customer ADD COLUMN predicted_clv numeric(19, 4);
ALTER TABLE customer ADD COLUMN clv_decile smallint CHECK (clv_decile BETWEEN 1 AND 10);
ALTER TABLE customer ADD COLUMN scored_at timestamptz;
ALTER TABLE customer ADD COLUMN score_fit_id text;
