-- orchestration: journey instances (one per trigger), the facts they wait for (events keyed by the order they
-- concern, which may arrive before or after the trigger), and a due time polled as a durable timer.

CREATE TABLE journey_instance (
    instance_id      text PRIMARY KEY,
    journey_id       text NOT NULL,
    journey_version  integer NOT NULL,
    customer_id      text NOT NULL,
    reference        text NOT NULL,          -- the order the journey is about
    state            text NOT NULL,          -- WAITING, COMPLETED
    waits_for        text NOT NULL,          -- comma list of fact kinds still expected
    parameters       text NOT NULL,          -- JSON object: the action's parameters gathered so far
    cause_event_id   text NOT NULL,
    correlation_id   text NOT NULL,
    traceparent      text,
    due_at           timestamptz NOT NULL,
    created_at       timestamptz NOT NULL,
    completed_at     timestamptz
);
CREATE INDEX journey_instance_due ON journey_instance (due_at) WHERE state = 'WAITING';
CREATE INDEX journey_instance_reference ON journey_instance (reference) WHERE state = 'WAITING';

CREATE TABLE journey_fact (
    kind         text NOT NULL,              -- POINTS_EARNED, COUPON_ISSUED, POINTS_REVERSED
    reference    text NOT NULL,
    customer_id  text NOT NULL,
    parameters   text NOT NULL,              -- JSON object contributed to the action
    recorded_at  timestamptz NOT NULL,
    PRIMARY KEY (kind, reference)
);
