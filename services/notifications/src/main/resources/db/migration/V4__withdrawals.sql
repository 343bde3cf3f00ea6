-- A requester's withdrawal of a notification that had not arrived yet (ADR 0023): the request is cancelled on arrival.
CREATE TABLE notification_withdrawal (
    notification_id  text PRIMARY KEY,
    customer_id      text NOT NULL,
    reason           text NOT NULL,
    withdrawn_at     timestamptz NOT NULL
);
