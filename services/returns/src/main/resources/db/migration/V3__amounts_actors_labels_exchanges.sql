-- returns: what the policy needs to cap refunds at what was paid and to apply per-category rules, who did what to a
-- case, the label step of an associate's return, and exchanges as a replacement order.

-- the line's merchandise category (Shopify product type, POS department): category rules of the return policy
ALTER TABLE purchase_line ADD COLUMN category text;

ALTER TABLE return_case ADD COLUMN carrier text;
-- an exchange: replacement minus the returned lines' value (+ the customer pays, - the customer gets it back)
ALTER TABLE return_case ADD COLUMN price_difference numeric(18,4);

-- Every transition of a case: its new status, who made it (NULL: the source) and when. Append-only.
CREATE TABLE return_case_step (
    return_case_id text        NOT NULL REFERENCES return_case (return_case_id),
    step_no        integer     NOT NULL,
    status         text        NOT NULL,
    actor          text,
    note           text,
    at             timestamptz NOT NULL,
    PRIMARY KEY (return_case_id, step_no)
);

-- The replacement order's lines of an exchanged case.
CREATE TABLE exchange_line (
    return_case_id text          NOT NULL REFERENCES return_case (return_case_id),
    line_no        integer       NOT NULL,
    sku            text          NOT NULL,
    quantity       integer       NOT NULL CHECK (quantity > 0),
    amount         numeric(18,4) NOT NULL CHECK (amount >= 0),   -- the price of the line's units
    currency       text          NOT NULL,
    PRIMARY KEY (return_case_id, line_no)
);
