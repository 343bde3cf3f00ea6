-- Orders are recorded when first seen (placed, paid or cancelled), so that fulfilments and returns of an unpaid
-- order still find their buyer; only a PURCHASED order counts in the statistics.
ALTER TABLE customer_order ADD COLUMN status text NOT NULL DEFAULT 'PURCHASED'
    CHECK (status IN ('PLACED', 'PURCHASED', 'CANCELLED'));

-- When the source last changed the profile it sent (Shopify customers/update updated_at): an older delivery
-- never overwrites names and language from a newer one.
ALTER TABLE customer ADD COLUMN profile_source_updated_at timestamptz;

-- Privacy requests received from a source (Shopify customers/redact, customers/data_request, shop/redact), kept
-- whether or not a customer holds the identifiers they name, for the erase and export coordination.
CREATE TABLE privacy_request (
    request_id      text PRIMARY KEY,        -- the touchpoint id (derived from the source's event)
    kind            text NOT NULL CHECK (kind IN ('ERASE_CUSTOMER', 'EXPORT_CUSTOMER', 'ERASE_SHOP')),
    source_system   text NOT NULL,
    shop            text NOT NULL,
    source_request_id text,                  -- e.g. Shopify data_request.id
    customer_id     text REFERENCES customer (customer_id),  -- null: nobody holds the identifiers (or a shop request)
    order_ids       text[] NOT NULL,
    status          text NOT NULL CHECK (status IN ('RECEIVED', 'NO_SUCH_CUSTOMER')),
    received_at     timestamptz NOT NULL
);
CREATE INDEX privacy_request_customer ON privacy_request (customer_id);

-- Returns managed by the source and their order: a delivery that names only the return (Shopify's return label,
-- reverse_deliveries/attach_deliverable) finds its buyer through it.
CREATE TABLE customer_return (
    return_id    text PRIMARY KEY,
    order_id     text NOT NULL REFERENCES customer_order (order_id)
);
