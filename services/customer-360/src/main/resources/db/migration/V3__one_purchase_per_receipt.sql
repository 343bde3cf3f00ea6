-- One purchase seen through two paths (a store's own POS and a Shopify order synced from it) is counted once: the
-- first order to report a receipt holds it; a later one with the same receipt is recorded as the same purchase
-- (DUPLICATE, same_as names the holder), never counted, and its refunds and returns resolve to the holder.
ALTER TABLE customer_order ADD COLUMN receipt_reference text;
ALTER TABLE customer_order ADD COLUMN same_as text REFERENCES customer_order (order_id);
ALTER TABLE customer_order DROP CONSTRAINT customer_order_status_check;
ALTER TABLE customer_order ADD CONSTRAINT customer_order_status_check
    CHECK (status IN ('PLACED', 'PURCHASED', 'CANCELLED', 'DUPLICATE'));
ALTER TABLE customer_order ADD CONSTRAINT customer_order_duplicate_names_holder
    CHECK ((status = 'DUPLICATE') = (same_as IS NOT NULL));
-- two instances applying both paths at once: the loser's transaction fails here and is retried as a DUPLICATE; a
-- cancelled order gives its receipt up (a voided sale rung up again)
CREATE UNIQUE INDEX customer_order_receipt ON customer_order (receipt_reference)
    WHERE same_as IS NULL AND status <> 'CANCELLED';
