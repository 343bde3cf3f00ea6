-- notifications: what we know to reach a customer (from the compacted profiles topic), and every
-- notification with its dispatch attempts (one per channel tried).

CREATE TABLE recipient (
    customer_id        text PRIMARY KEY,
    first_name         text,
    last_name          text,
    locale             text NOT NULL,
    time_zone          text NOT NULL,
    preferred_channel  text,
    email              text,
    phone              text,             -- E.164
    line_user_id       text,
    profile_version    bigint NOT NULL,
    updated_at         timestamptz NOT NULL
);

CREATE TABLE recipient_consent (
    customer_id  text NOT NULL REFERENCES recipient (customer_id) ON DELETE CASCADE,
    channel      text NOT NULL,
    purpose      text NOT NULL,
    granted      boolean NOT NULL,
    PRIMARY KEY (customer_id, channel, purpose)
);

CREATE TABLE notification (
    notification_id  text PRIMARY KEY,
    customer_id      text NOT NULL,
    template_id      text NOT NULL,
    purpose          text NOT NULL,
    language         text,
    parameters       text NOT NULL,      -- JSON object of the request's parameters
    status           text NOT NULL,      -- DISPATCHED, DELIVERED, FAILED, SUPPRESSED_NO_CONSENT
    correlation_id   text NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX notification_customer ON notification (customer_id);

CREATE TABLE dispatch (
    dispatch_id      text PRIMARY KEY,
    notification_id  text NOT NULL REFERENCES notification (notification_id),
    channel          text NOT NULL,
    recipient        text NOT NULL,
    subject          text,
    body             text NOT NULL,
    status           text NOT NULL,      -- SENT, ACCEPTED, DELIVERED, FAILED, ...
    attempt          integer NOT NULL,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL
);
CREATE INDEX dispatch_notification ON dispatch (notification_id);
