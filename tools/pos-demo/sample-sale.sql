-- One sale at store-042 (Shibuya) by loyalty card 4900000000017 (Hana Yamada): the header and its two lines
-- in ONE transaction, as a till commits them. Debezium then emits, all with the same transaction id:
--   pos.demo.transaction        BEGIN
--   pos.demo.public.sales       1 event  (op "c")
--   pos.demo.public.sale_lines  2 events (op "c")
--   pos.demo.transaction        END, event_count 3: public.sales 1, public.sale_lines 2
--
-- Run as `pos`:  psql -v ON_ERROR_STOP=1 -h HOST -p PORT -U pos -d pos -f tools/pos-demo/sample-sale.sql
-- Each run is a new sale (new sale_id, receipt number from the clock). Plain SQL (runs over JDBC too).

BEGIN;

INSERT INTO public.sales (store_id, customer_id, loyalty_card_no, receipt_no, total, currency, sold_at)
SELECT 'store-042',
       (SELECT customer_id FROM public.customers WHERE loyalty_card_no = '4900000000017'),
       '4900000000017',
       'R042-' || to_char(clock_timestamp() AT TIME ZONE 'Asia/Tokyo', 'YYYYMMDD-HH24MISS-US'),
       5480.00,
       'JPY',
       now();

INSERT INTO public.sale_lines (sale_id, line_no, sku, title, quantity, unit_price, amount, category) VALUES
    (currval(pg_get_serial_sequence('public.sales', 'sale_id')), 1, 'TSH-ORG-WHT-M', 'Organic cotton T-shirt, white, M', 2, 1500.00, 3000.00, 'apparel'),
    (currval(pg_get_serial_sequence('public.sales', 'sale_id')), 2, 'CAP-CNV-NVY',   'Canvas cap, navy',                 1, 2480.00, 2480.00, 'accessories');

COMMIT;
