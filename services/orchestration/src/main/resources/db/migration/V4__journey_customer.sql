-- The latest profile of each customer (from retail.customers.profiles.v1), for the profile and segments that journey
-- expressions read. Avro binary with its writer schema's fingerprint (journey_event_schema); a tombstone deletes the row.
CREATE TABLE journey_customer (
    customer_id      text PRIMARY KEY,
    profile_version  bigint NOT NULL,
    fingerprint      bigint NOT NULL,
    payload          bytea NOT NULL,
    updated_at       timestamptz NOT NULL
);
