-- service-kit v2 (ADR 0008): inbox outcomes, outbox rows set aside, and the relay woken by the database.

-- what the consumer did with the event: APPLIED (state changed) or NOT_APPLICABLE (a business outcome, with why)
ALTER TABLE kit_inbox ADD COLUMN outcome text NOT NULL DEFAULT 'APPLIED'
    CHECK (outcome IN ('APPLIED', 'NOT_APPLICABLE'));
ALTER TABLE kit_inbox ADD COLUMN outcome_reason text;
ALTER TABLE kit_inbox ALTER COLUMN outcome DROP DEFAULT;
CREATE INDEX kit_inbox_processed_at ON kit_inbox (processed_at);

-- rows that can never be published (too large for Kafka, undecodable): moved here with the reason, so they
-- neither block nor duplicate the rows behind them
CREATE TABLE kit_outbox_failed (
    id          bigint      PRIMARY KEY,
    topic       text        NOT NULL,
    record_key  text        NOT NULL,
    value_type  text        NOT NULL,
    payload     bytea,
    created_at  timestamptz NOT NULL,
    failed_at   timestamptz NOT NULL DEFAULT now(),
    reason      text        NOT NULL
);

-- the relay LISTENs on kit_outbox; PostgreSQL delivers the notification at COMMIT (never for a rollback), so
-- every writer (consumer, REST resource, timer, another replica) wakes the relay without calling it
CREATE FUNCTION kit_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kit_outbox', '');
    RETURN NULL;
END $$;
CREATE TRIGGER kit_outbox_notify AFTER INSERT ON kit_outbox FOR EACH STATEMENT EXECUTE FUNCTION kit_outbox_notify();
