-- Consent evidence (ADR 0020): every explicit consent decision received, as it was made (source, time, the consent text
-- version shown, who recorded it, the event that carried it), whether or not a newer decision had already overtaken it.
-- customer_consent keeps the current decision; this table keeps how it came about. Append-only.
CREATE TABLE consent_evidence (
    event_id      text NOT NULL,             -- the touchpoint or ConsentDecision that carried the decision
    channel       text NOT NULL,
    purpose       text NOT NULL,
    customer_id   text NOT NULL,
    granted       boolean NOT NULL,
    decided_at    timestamptz NOT NULL,
    source        text NOT NULL,             -- ConsentSource
    text_version  text,
    actor         text,
    opt_in_level  text,                      -- as the source says (Shopify: single_opt_in, confirmed_opt_in)
    recorded_at   timestamptz NOT NULL,
    PRIMARY KEY (event_id, channel, purpose)
);
CREATE INDEX consent_evidence_customer ON consent_evidence (customer_id, decided_at);
