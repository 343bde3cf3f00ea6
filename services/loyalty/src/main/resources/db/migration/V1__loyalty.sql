-- loyalty: accounts (a projection of the ledger) and the immutable points ledger.
-- The kit's V0_1 created kit_inbox and kit_outbox in the same database.

CREATE TABLE loyalty_account (
    customer_id       text          PRIMARY KEY,
    tier              text          NOT NULL,
    -- sum of this account's ledger points; may go below 0 when a refund reverses points already redeemed
    balance           bigint        NOT NULL DEFAULT 0,
    -- net spend in the programme currency over the rolling window, as of tier_evaluated_at
    rolling_spend     numeric(18,4) NOT NULL DEFAULT 0,
    tier_evaluated_at timestamptz,
    -- set when customer-360 merged this customer away: its events and reads go to the survivor (one hop:
    -- merges re-point earlier redirects to the new survivor)
    merged_into       text,
    created_at        timestamptz   NOT NULL DEFAULT now(),
    updated_at        timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX loyalty_account_merged_into ON loyalty_account (merged_into) WHERE merged_into IS NOT NULL;

CREATE TABLE points_ledger (
    entry_id       text          PRIMARY KEY,     -- derived from the cause's eventId: replays produce the same id
    customer_id    text          NOT NULL,        -- the account the entry was booked on, never rewritten
    kind           text          NOT NULL CHECK (kind IN ('EARN', 'REVERSAL', 'BONUS', 'MERGE_IN', 'MERGE_OUT')),
    points         bigint        NOT NULL,        -- signed: + earned/bonus/merged in, - reversed/merged out
    -- the business object, unique per kind: order id (EARN), refund id (REVERSAL), reward commandId (BONUS),
    -- the absorbed customer id (MERGE_IN, MERGE_OUT)
    reference      text          NOT NULL,
    order_id       text,                          -- EARN and REVERSAL: the order the points belong to
    reason         text,
    -- signed spend for tiers, in the programme currency: + purchase total, - refunded part
    purchase_spend numeric(18,4) NOT NULL DEFAULT 0,
    currency       text,
    -- when the spend counts for the rolling window: the purchase's time, also on its reversals, so that a
    -- refund leaves the window together with the purchase it undoes
    spend_at       timestamptz,
    occurred_at    timestamptz   NOT NULL,
    recorded_at    timestamptz   NOT NULL DEFAULT now(),
    cause_event_id text          NOT NULL,
    -- no order earns twice, no refund reverses twice, no reward command grants twice, no account merges twice
    CONSTRAINT points_ledger_once_per_reference UNIQUE (kind, reference)
);
CREATE INDEX points_ledger_customer ON points_ledger (customer_id, occurred_at);
CREATE INDEX points_ledger_order ON points_ledger (order_id) WHERE order_id IS NOT NULL;

-- The ledger is append-only: corrections are new entries. (DELETE stays possible for erasure requests.)
CREATE FUNCTION points_ledger_reject_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'points_ledger is append-only: entry % cannot be updated', OLD.entry_id;
END
$$;
CREATE TRIGGER points_ledger_append_only BEFORE UPDATE ON points_ledger
    FOR EACH ROW EXECUTE FUNCTION points_ledger_reject_update();
