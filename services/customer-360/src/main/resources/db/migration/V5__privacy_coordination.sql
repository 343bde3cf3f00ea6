-- Erase and export coordination (ADR 0019): a request names every customer id of the person until it completes (an
-- erased customer's rows are deleted, so the request no longer references them), when it is due (Shopify: 30 days),
-- who asked, and each participant's answer; an export keeps the assembled document.
ALTER TABLE privacy_request DROP CONSTRAINT privacy_request_customer_id_fkey;
ALTER TABLE privacy_request DROP CONSTRAINT privacy_request_status_check;
ALTER TABLE privacy_request ADD CONSTRAINT privacy_request_status_check
    CHECK (status IN ('RECEIVED', 'NO_SUCH_CUSTOMER', 'IN_PROGRESS', 'COMPLETED'));
ALTER TABLE privacy_request ADD COLUMN customer_ids text[] NOT NULL DEFAULT '{}';
ALTER TABLE privacy_request ADD COLUMN due_by timestamptz;
UPDATE privacy_request SET due_by = received_at + interval '30 days';
ALTER TABLE privacy_request ALTER COLUMN due_by SET NOT NULL;
ALTER TABLE privacy_request ADD COLUMN completed_at timestamptz;
ALTER TABLE privacy_request ADD COLUMN requested_by text;
ALTER TABLE privacy_request ADD COLUMN export_document jsonb;
CREATE INDEX privacy_request_open ON privacy_request (due_by) WHERE status IN ('RECEIVED', 'IN_PROGRESS');

CREATE TABLE privacy_request_part (
    request_id   text NOT NULL REFERENCES privacy_request (request_id),
    participant  text NOT NULL,              -- customer-360 or a reader of retail.privacy.commands.v1
    erased_rows  jsonb,                      -- ERASE: rows per table
    export_part  jsonb,                      -- EXPORT: the participant's part of the document
    answered_at  timestamptz NOT NULL,
    PRIMARY KEY (request_id, participant)
);
