-- The demo store's POS schema (database `pos`), captured by Debezium (deploy/connectors/pos-postgres.json).
--
-- Run as the owner role `pos`:   psql -v ON_ERROR_STOP=1 -h HOST -p PORT -U pos -d pos -f tools/pos-demo/schema.sql
-- Plain SQL without psql meta-commands, so it also runs over JDBC as one statement string (pgjdbc splits it,
-- dollar quotes included). Idempotent: a second run changes nothing and writes no row, so it emits no change
-- event and does not disturb a running connector.
--
-- CDC contract (see tools/pos-demo/README.md):
--   * every table has a primary key: it is the Kafka record key of its pos.demo.public.<table> topic;
--   * REPLICA IDENTITY FULL: update and delete events carry the complete old row in `before`
--     (with the default identity, `before` would be null on updates and only the key on deletes);
--   * publication `dbz_pos` lists exactly these five tables. It is created here, by the owner, because the
--     connector's role `debezium` may not create publications (publication.autocreate.mode=disabled);
--   * `debezium` may SELECT these tables (for the initial snapshot) through the default privileges that
--     provisioning grants on tables created by `pos` (ALTER DEFAULT PRIVILEGES FOR ROLE pos ...).
--   * a sale and its lines are inserted in ONE transaction; touchpoint-ingestion assembles them from the
--     transaction metadata (pos.demo.transaction), so never split a sale over several transactions.

SET client_min_messages = warning;

CREATE TABLE IF NOT EXISTS public.stores (
    store_id   text PRIMARY KEY,                       -- e.g. 'store-042'
    name       text NOT NULL,
    time_zone  text NOT NULL DEFAULT 'Asia/Tokyo'       -- IANA zone of the store's local business day
);

CREATE TABLE IF NOT EXISTS public.customers (
    customer_id       bigserial PRIMARY KEY,
    loyalty_card_no   text NOT NULL UNIQUE,            -- printed on the card, scanned at the till
    phone             text,                            -- as entered at the till (national format, e.g. 090-1234-5678)
    email             text,
    first_name        text,
    last_name         text,
    locale            text NOT NULL DEFAULT 'ja-JP',   -- BCP 47
    marketing_opt_in  boolean NOT NULL DEFAULT false,
    created_at        timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.sales (
    sale_id          bigserial PRIMARY KEY,
    store_id         text NOT NULL REFERENCES public.stores (store_id),
    customer_id      bigint REFERENCES public.customers (customer_id),  -- null: anonymous sale
    loyalty_card_no  text,                                               -- as scanned at the till, null if none
    receipt_no       text NOT NULL UNIQUE,
    total            numeric(12,2) NOT NULL,
    currency         char(3) NOT NULL DEFAULT 'JPY',                     -- ISO 4217
    sold_at          timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS public.sale_lines (
    sale_id     bigint NOT NULL REFERENCES public.sales (sale_id),
    line_no     integer NOT NULL CHECK (line_no > 0),
    sku         text NOT NULL,
    title       text NOT NULL,
    quantity    integer NOT NULL CHECK (quantity > 0),
    unit_price  numeric(12,2) NOT NULL,
    amount      numeric(12,2) NOT NULL,                -- quantity * unit_price, after line discounts
    PRIMARY KEY (sale_id, line_no)
);

CREATE TABLE IF NOT EXISTS public.returns (
    return_id    bigserial PRIMARY KEY,
    sale_id      bigint NOT NULL REFERENCES public.sales (sale_id),
    store_id     text NOT NULL REFERENCES public.stores (store_id),  -- where the item came back (may differ from the sale's)
    sku          text NOT NULL,
    quantity     integer NOT NULL CHECK (quantity > 0),
    amount       numeric(12,2) NOT NULL,              -- refunded amount
    reason       text,
    returned_at  timestamptz NOT NULL DEFAULT now()
);

-- added after the first release of this schema, hence ALTER ... IF NOT EXISTS (idempotent like the rest)
ALTER TABLE public.sales ADD COLUMN IF NOT EXISTS coupon_codes text;        -- codes typed or scanned at the till, comma-separated
ALTER TABLE public.sale_lines ADD COLUMN IF NOT EXISTS category text;       -- the POS department of the item

CREATE INDEX IF NOT EXISTS sales_customer_id_idx      ON public.sales (customer_id);
CREATE INDEX IF NOT EXISTS sales_loyalty_card_no_idx  ON public.sales (loyalty_card_no);
CREATE INDEX IF NOT EXISTS returns_sale_id_idx        ON public.returns (sale_id);

-- Full old rows in update/delete events; altered only where not already FULL (ALTER TABLE takes an
-- ACCESS EXCLUSIVE lock, so a re-run must not do it needlessly while tills are writing).
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['stores', 'customers', 'sales', 'sale_lines', 'returns'] LOOP
        IF (SELECT relreplident FROM pg_class WHERE oid = format('public.%I', t)::regclass) <> 'f' THEN
            EXECUTE format('ALTER TABLE public.%I REPLICA IDENTITY FULL', t);
        END IF;
    END LOOP;
END
$$;

-- The publication Debezium streams from (publication.name=dbz_pos). Created if missing; if it exists, only
-- the tables it lacks are added (nothing is removed or re-added, so a running connector is not disturbed).
DO $$
DECLARE
    wanted text[] := ARRAY['stores', 'customers', 'sales', 'sale_lines', 'returns'];
    t text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'dbz_pos') THEN
        CREATE PUBLICATION dbz_pos
            FOR TABLE public.stores, public.customers, public.sales, public.sale_lines, public.returns
            WITH (publish = 'insert, update, delete, truncate');
    ELSE
        FOREACH t IN ARRAY wanted LOOP
            IF NOT EXISTS (SELECT 1 FROM pg_publication_tables
                            WHERE pubname = 'dbz_pos' AND schemaname = 'public' AND tablename = t) THEN
                EXECUTE format('ALTER PUBLICATION dbz_pos ADD TABLE public.%I', t);
            END IF;
        END LOOP;
    END IF;
END
$$;
