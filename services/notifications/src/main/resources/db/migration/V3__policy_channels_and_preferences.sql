-- Notifications that respect people (ADR 0020): held messages (quiet hours, notBefore), the paced queue of dispatches
-- per channel, the decision time of each consent (the newest decision wins), typed JSON columns, and the token bucket
-- every instance shares per paced channel.

ALTER TABLE notification ALTER COLUMN parameters TYPE jsonb USING parameters::jsonb;
UPDATE notification SET status = 'SUPPRESSED' WHERE status LIKE 'SUPPRESSED%';
ALTER TABLE notification
    ADD COLUMN requested_channel text,
    ADD COLUMN media_urls        text[] NOT NULL DEFAULT '{}',
    ADD COLUMN not_before        timestamptz,
    ADD COLUMN release_at        timestamptz,            -- set while HELD: when it goes on
    ADD COLUMN hold_reason       text,                   -- HELD_QUIET_HOURS or HELD_NOT_BEFORE
    ADD COLUMN detail            text;                   -- why it was held, suppressed or failed
CREATE INDEX notification_due ON notification (release_at) WHERE status = 'HELD';

ALTER TABLE dispatch
    ADD COLUMN customer_id    text,
    ADD COLUMN purpose        text,
    ADD COLUMN language       text,
    ADD COLUMN text_body      text,
    ADD COLUMN media_urls     text[] NOT NULL DEFAULT '{}',
    ADD COLUMN headers        jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN sender         text,
    ADD COLUMN sms_segments   integer,
    ADD COLUMN sms_encoding   text,
    ADD COLUMN cause_event_id text,
    ADD COLUMN sent_at        timestamptz;
UPDATE dispatch d SET customer_id = n.customer_id, purpose = n.purpose, language = coalesce(n.language, 'en'),
    cause_event_id = n.notification_id, sent_at = d.created_at
    FROM notification n WHERE n.notification_id = d.notification_id;
ALTER TABLE dispatch ALTER COLUMN customer_id SET NOT NULL, ALTER COLUMN purpose SET NOT NULL,
    ALTER COLUMN language SET NOT NULL, ALTER COLUMN cause_event_id SET NOT NULL;
-- the pacer's fair pick per channel (and when it last served each customer), and the caps' look-back per customer
CREATE INDEX dispatch_queued ON dispatch (channel, created_at) WHERE status = 'QUEUED';
CREATE INDEX dispatch_customer_channel ON dispatch (customer_id, channel, sent_at);
CREATE INDEX dispatch_marketing ON dispatch (customer_id, created_at) WHERE purpose = 'MARKETING' AND attempt = 1;

-- when the customer made the decision: a profile carrying an older decision does not undo a newer one taken here
ALTER TABLE recipient_consent ADD COLUMN decided_at timestamptz NOT NULL DEFAULT 'epoch';

-- one token bucket per paced channel, shared by every instance (a row lock serializes their ticks)
CREATE TABLE channel_pace (
    channel       text PRIMARY KEY,
    tokens        double precision NOT NULL,
    refreshed_at  timestamptz NOT NULL
);

-- the retailer's account id of a logged-in app or web user: the address of the chat / in-app inbox channel
ALTER TABLE recipient ADD COLUMN account_id text;
