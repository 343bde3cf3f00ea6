-- Demo reference data of the POS database: two stores and three loyalty customers. No sales: the demo and the
-- tests insert those (see sample-sale.sql).
--
-- Run as `pos` after schema.sql:  psql -v ON_ERROR_STOP=1 -h HOST -p PORT -U pos -d pos -f tools/pos-demo/seed.sql
-- Plain SQL (runs over JDBC too). Idempotent: ON CONFLICT DO NOTHING, so a second run writes no row and
-- therefore emits no change event; rows edited since are left as they are.
--
-- Hana Yamada (card 4900000000017) is the same person as the online Shopify customer hana.yamada@example.jp:
-- the POS keeps her phone in Japanese national format (090-1234-5678); customer-360 normalises it to E.164
-- (+819012345678) and links the two identities.

INSERT INTO public.stores (store_id, name, time_zone) VALUES
    ('store-042', 'Shibuya', 'Asia/Tokyo'),
    ('store-007', 'Osaka',   'Asia/Tokyo')
ON CONFLICT (store_id) DO NOTHING;

INSERT INTO public.customers
    (loyalty_card_no, phone, email, first_name, last_name, locale, marketing_opt_in, created_at) VALUES
    ('4900000000017', '090-1234-5678', 'hana.yamada@example.jp',  'Hana',  'Yamada', 'ja-JP', true,  '2025-04-01 10:00:00+09'),
    ('4900000000024', '080-2345-6789', 'kenji.sato@example.jp',   'Kenji', 'Sato',   'ja-JP', false, '2025-06-15 18:30:00+09'),
    ('4900000000031', '070-3456-7890', 'emily.clark@example.com', 'Emily', 'Clark',  'en-US', true,  '2025-09-20 12:15:00+09')
ON CONFLICT (loyalty_card_no) DO NOTHING;
