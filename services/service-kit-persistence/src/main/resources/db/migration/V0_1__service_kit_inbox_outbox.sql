-- service-kit: the inbox (processed event ids per consumer) and the transactional outbox.
-- Versions below 1 belong to the kit; each service's own migrations start at V1.

CREATE TABLE kit_inbox (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE kit_outbox (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic         text        NOT NULL,
    record_key    text        NOT NULL,
    value_type    text        NOT NULL,           -- generated Avro class, or 'tombstone'
    payload       bytea,                          -- Avro binary; NULL for a tombstone
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- a relay instance owns a row until then; a crashed relay's rows become claimable again
    claimed_until timestamptz
);
CREATE INDEX kit_outbox_unclaimed ON kit_outbox (id) WHERE claimed_until IS NULL;
