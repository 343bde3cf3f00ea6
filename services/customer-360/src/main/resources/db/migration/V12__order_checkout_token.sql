-- customer-360: the checkout an order completed (Shopify checkout_token), so a checkout reported after its order
-- (webhooks come in any order) is completed when it is first seen.
ALTER TABLE customer_order ADD COLUMN checkout_token text;
CREATE INDEX customer_order_checkout ON customer_order (checkout_token) WHERE checkout_token IS NOT NULL;
