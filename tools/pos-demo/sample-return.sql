-- A return of one unit of the first line of the latest sale, brought back to the store it was sold at.
-- One row in its own transaction: pos.demo.public.returns gets 1 event (op "c") and pos.demo.transaction a
-- BEGIN and an END with event_count 1 (public.returns 1).
--
-- Run as `pos`:  psql -v ON_ERROR_STOP=1 -h HOST -p PORT -U pos -d pos -f tools/pos-demo/sample-return.sql
-- Inserts nothing if there is no sale yet. Plain SQL (runs over JDBC too).

INSERT INTO public.returns (sale_id, store_id, sku, quantity, amount, reason, returned_at)
SELECT l.sale_id, s.store_id, l.sku, 1, l.unit_price, 'size too small', now()
  FROM public.sales s
  JOIN public.sale_lines l ON l.sale_id = s.sale_id
 WHERE s.sale_id = (SELECT max(sale_id) FROM public.sales)
 ORDER BY l.line_no
 LIMIT 1;
