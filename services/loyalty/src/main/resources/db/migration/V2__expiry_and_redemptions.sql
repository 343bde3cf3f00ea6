-- loyalty: points lapse (EXPIRY) and are spent as money off an order (REDEMPTION, given back by RELEASE).

ALTER TABLE points_ledger DROP CONSTRAINT points_ledger_kind_check;
ALTER TABLE points_ledger ADD CONSTRAINT points_ledger_kind_check
    CHECK (kind IN ('EARN', 'REVERSAL', 'BONUS', 'MERGE_IN', 'MERGE_OUT', 'EXPIRY', 'REDEMPTION', 'RELEASE'));

-- A redemption code: its points are debited when it is issued (REDEMPTION), kept when an order uses it (CAPTURED),
-- and credited back (RELEASE) when it is cancelled, not used within the hold, or its order is cancelled.
CREATE TABLE points_redemption (
    -- derived from the customer and the caller's Idempotency-Key: a retried request finds its redemption
    redemption_id   text          PRIMARY KEY,
    customer_id     text          NOT NULL,      -- the account the points were taken from
    code            text          NOT NULL UNIQUE,
    points          bigint        NOT NULL CHECK (points > 0),
    discount        numeric(18,4) NOT NULL,
    currency        text          NOT NULL,
    status          text          NOT NULL CHECK (status IN ('HELD', 'CAPTURED', 'RELEASED')),
    order_id        text,                        -- the order that used the code, once CAPTURED
    hold_expires_at timestamptz   NOT NULL,
    requested_by    text,                        -- the associate or app that asked (token subject)
    created_at      timestamptz   NOT NULL,
    updated_at      timestamptz   NOT NULL
);
CREATE INDEX points_redemption_held ON points_redemption (hold_expires_at) WHERE status = 'HELD';
CREATE INDEX points_redemption_order ON points_redemption (order_id) WHERE order_id IS NOT NULL;
CREATE INDEX points_redemption_customer ON points_redemption (customer_id, created_at);
