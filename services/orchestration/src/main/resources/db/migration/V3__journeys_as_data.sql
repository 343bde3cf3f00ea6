-- Journeys as data (ADR 0022): versioned definitions, instances that walk their steps, the events they captured, one
-- log row per step taken, and each customer's recent events for waits that start after their event arrived.
-- The Java journeys of V1 are gone; their waiting instances (seconds long) are not carried over.
DROP TABLE journey_fact;
DROP TABLE journey_instance;

CREATE TABLE journey_definition (
    journey_id  text NOT NULL,
    version     integer NOT NULL,
    status      text NOT NULL CHECK (status IN ('ACTIVE', 'PAUSED', 'RETIRED')),
    origin      text NOT NULL CHECK (origin IN ('BUILT_IN', 'API')),
    source      text NOT NULL,               -- the definition as written (YAML or JSON)
    created_at  timestamptz NOT NULL,
    changed_at  timestamptz NOT NULL,
    PRIMARY KEY (journey_id, version)
);

CREATE TABLE journey_instance (
    instance_id          text PRIMARY KEY,   -- derived from the journey and the trigger's eventId
    journey_id           text NOT NULL,
    journey_version      integer NOT NULL,
    customer_id          text NOT NULL,
    object_key           text,               -- the cart, order or appointment when the entry is one per object
    state                text NOT NULL CHECK (state IN ('ACTIVE', 'COMPLETED', 'EXITED', 'CONTROL')),
    step_id              text,               -- the step an active instance is at
    wake_at              timestamptz,        -- when its wait ends (the durable timer)
    trigger_occurred_at  timestamptz NOT NULL,
    correlation_id       text NOT NULL,
    entered_at           timestamptz NOT NULL,
    ended_at             timestamptz,
    goal_until           timestamptz,        -- a conversion counts until then
    converted_at         timestamptz,
    FOREIGN KEY (journey_id, journey_version) REFERENCES journey_definition
);
CREATE INDEX journey_instance_due ON journey_instance (wake_at) WHERE state = 'ACTIVE' AND wake_at IS NOT NULL;
CREATE INDEX journey_instance_active ON journey_instance (customer_id) WHERE state = 'ACTIVE';
CREATE INDEX journey_instance_goal ON journey_instance (customer_id) WHERE converted_at IS NULL AND goal_until IS NOT NULL;
CREATE INDEX journey_instance_entries ON journey_instance (journey_id, customer_id, entered_at);

-- The events an instance keeps: its trigger, and what each waitFor step captured under its 'as' name. Avro binary
-- with the writer schema's fingerprint, so a later schema version still reads them.
CREATE TABLE journey_instance_event (
    instance_id  text NOT NULL REFERENCES journey_instance ON DELETE CASCADE,
    name         text NOT NULL,
    stream       text NOT NULL,
    fingerprint  bigint NOT NULL,
    payload      bytea NOT NULL,
    PRIMARY KEY (instance_id, name)
);

-- One row per step an instance took (steps only go forward, so at most one per step): the per-step counts of the API.
CREATE TABLE journey_step_log (
    instance_id      text NOT NULL REFERENCES journey_instance ON DELETE CASCADE,
    step_id          text NOT NULL,
    journey_id       text NOT NULL,
    journey_version  integer NOT NULL,
    outcome          text NOT NULL,
    at               timestamptz NOT NULL,
    PRIMARY KEY (instance_id, step_id)
);
CREATE INDEX journey_step_log_journey ON journey_step_log (journey_id, journey_version);

-- Each customer's recent events on the streams journeys read, kept for omniretail.journeys.event-retention: a waitFor
-- step takes one that arrived before it started (points often come before the purchase reaches this service).
CREATE TABLE journey_event (
    event_id     text PRIMARY KEY,
    customer_id  text NOT NULL,
    stream       text NOT NULL,
    fingerprint  bigint NOT NULL,
    payload      bytea NOT NULL,
    occurred_at  timestamptz NOT NULL,
    received_at  timestamptz NOT NULL
);
CREATE INDEX journey_event_customer ON journey_event (customer_id, occurred_at);
CREATE INDEX journey_event_received ON journey_event (received_at);

-- Writer schemas of the stored Avro payloads, by fingerprint.
CREATE TABLE journey_event_schema (
    fingerprint  bigint PRIMARY KEY,
    schema       text NOT NULL
);
