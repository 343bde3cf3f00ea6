-- returns: the orders seen on the unified stream (what the return policy checks a request against), and the
-- return cases (RMA) with their lines. The kit's inbox and outbox come with V0_1.

CREATE TABLE purchase (
    order_id     text PRIMARY KEY,        -- Shopify order id, or the POS sale id qualified by store
    customer_id  text NOT NULL,
    channel      text NOT NULL,           -- TouchpointChannel of the purchase
    total        numeric(18,4) NOT NULL,
    currency     text NOT NULL,
    placed_at    timestamptz NOT NULL,
    recorded_at  timestamptz NOT NULL
);
CREATE INDEX purchase_customer ON purchase (customer_id);

CREATE TABLE purchase_line (
    order_id     text NOT NULL REFERENCES purchase (order_id),
    line_no      integer NOT NULL,
    sku          text NOT NULL,
    quantity     integer NOT NULL,
    unit_price   numeric(18,4) NOT NULL,
    currency     text NOT NULL,
    PRIMARY KEY (order_id, line_no)
);

CREATE TABLE return_case (
    -- Shopify / POS refunds: derived from origin and refund id (a replayed refund finds its case);
    -- associates' requests: a random UUID
    return_case_id   text PRIMARY KEY,
    customer_id      text NOT NULL,
    order_id         text NOT NULL,
    origin           text NOT NULL,       -- SHOPIFY, POS, ASSOCIATE (ReturnOrigin)
    status           text NOT NULL,       -- REQUESTED, APPROVED, REJECTED, RECEIVED, REFUNDED, EXCHANGED (ReturnStatus)
    reason           text,                -- the customer's reason (or the source's refund note)
    rejection_reason text,
    refund_amount    numeric(18,4),       -- set once REFUNDED
    currency         text,
    source_refund_id text,                -- refund id in Shopify / the POS
    -- the case's chain of events: correlationId of the first, eventId of the last (the next one's cause)
    correlation_id   text NOT NULL,
    last_event_id    text NOT NULL,
    opened_at        timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX return_case_customer ON return_case (customer_id, opened_at DESC);
CREATE INDEX return_case_order ON return_case (order_id);

CREATE TABLE return_line (
    return_case_id text NOT NULL REFERENCES return_case (return_case_id),
    line_no        integer NOT NULL,
    sku            text NOT NULL,
    quantity       integer NOT NULL,
    amount         numeric(18,4) NOT NULL,   -- value of the returned units as paid (positive)
    currency       text NOT NULL,
    PRIMARY KEY (return_case_id, line_no)
);
