-- A coupon issued for an order that was cancelled before the coupon was used is revoked: it no longer redeems and
-- no longer counts against the customer's cap of its campaign.
ALTER TABLE coupon ADD COLUMN revoked_at timestamptz;
ALTER TABLE coupon ADD COLUMN revoked_reason text;
ALTER TABLE coupon ADD CHECK (revoked_at IS NULL OR redeemed_at IS NULL);
