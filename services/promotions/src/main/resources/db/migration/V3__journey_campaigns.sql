-- The campaigns the built-in journeys offer (orchestration's journeys/built-in/*.yaml name them in their offer steps).
-- store-visit-500 (V1) is the online-only shoppers' store offer of the cross-channel promotion.
INSERT INTO campaign (campaign_id, name, kind, code_prefix, discount_kind, discount_value, discount_currency,
                      validity_days, per_customer_cap, active)
VALUES
    ('cart-recovery-10', 'Cart abandonment: 10 % off the cart left behind', 'OFFER', 'CRT', 'PERCENT', 10.0000, NULL, 7, 3, true),
    ('win-back-15', 'Win-back: 15 % off for lapsing customers', 'OFFER', 'WIN', 'PERCENT', 15.0000, NULL, 30, 1, true),
    ('online-visit-500', 'Cross-promotion: 500 JPY off online for store-only shoppers', 'OFFER', 'ONL', 'FIXED_AMOUNT', 500.0000, 'JPY',
     30, 1, true)
ON CONFLICT (campaign_id) DO NOTHING;
