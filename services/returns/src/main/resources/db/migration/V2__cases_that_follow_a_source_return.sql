-- A return the shop manages itself (Shopify returns/request, approve, decline, close): its case follows the source's
-- status, and remembers the return's id and the label the shopper was sent.
ALTER TABLE return_case ADD COLUMN source_return_id text;
ALTER TABLE return_case ADD COLUMN label_url text;
ALTER TABLE return_case ADD COLUMN tracking_number text;
CREATE UNIQUE INDEX return_case_source_return ON return_case (origin, source_return_id) WHERE source_return_id IS NOT NULL;
